import type { TestProject } from 'vitest/node';
import { startReceiverControl } from '../fixtures/webhook-receiver';
import { RECEIVER_PORTS } from '../receiver-ports';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The loopback webhook receivers' control API, and each receiver's base URL. */
    webhookReceivers: { controlUrl: string; receiverUrls: string[] };
  }
}

/**
 * Starts the loopback webhook receivers for the workers project: the Worker's queue consumer
 * (inside workerd) delivers to them over real HTTP; the tests drive them through the control
 * API (test/worker/workerd/receivers.ts).
 */
export default async function setup(project: TestProject) {
  const { control, receivers } = RECEIVER_PORTS.workers;
  const running = await startReceiverControl(control, [...receivers]);
  project.provide('webhookReceivers', {
    controlUrl: running.url,
    receiverUrls: running.receivers.map((r) => r.baseUrl),
  });
  return () => running.stop();
}
