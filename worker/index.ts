import { createApp } from './app';

export { CallSession, MediaSidecar } from '../durable-objects';

const app = createApp();

/** The Worker entry point. */
export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
