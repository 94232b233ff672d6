import { createApp } from './app';
import { handleQueue } from './queues';

export { CallSession, MediaSidecar, RateLimiter } from '../durable-objects';

const app = createApp();

/** The Worker entry point: HTTP (and WebSocket upgrades), and the queue consumers. */
export default {
  fetch: app.fetch,
  queue: handleQueue,
} satisfies ExportedHandler<Env>;
