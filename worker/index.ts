import { createApp } from './app';

const app = createApp();

/** The Worker entry point. */
export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
