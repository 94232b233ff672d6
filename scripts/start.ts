/**
 * `npm start`: brings up the whole local stack and prints where it listens.
 * PORT (default 8787) and SIDECAR_PORT (default 8788) choose the ports.
 */
import { startStack } from './stack/stack';

const port = Number(process.env.PORT ?? 8787);
const sidecarPort = Number(process.env.SIDECAR_PORT ?? 8788);

const stack = await startStack({ port, sidecarPort, echo: true });
console.log(`
CallShield Edge is running:
  API + console   ${stack.workerUrl}/
  API reference   ${stack.workerUrl}/docs
  OpenAPI         ${stack.workerUrl}/openapi.json
  media sidecar   ${stack.sidecarUrl}/healthz
Press Ctrl+C to stop.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    process.exit(0);
  });
}
