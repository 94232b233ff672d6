// First, so that a misconfigured Worker fails at start-up, before any other module runs.
import './config/startup';
import { createApp } from './app';
import { handleQueue, handleScheduled } from './queues';

export { CallSession, MediaSidecar, RateLimiter } from '../durable-objects';

const app = createApp();

/** The Worker entry point: HTTP (and WebSocket upgrades), the queue consumers, the cron sweeps. */
export default {
  fetch: app.fetch,
  queue: handleQueue,
  scheduled: handleScheduled,
} satisfies ExportedHandler<Env>;
