import { createServer } from 'node:net';

/**
 * A loopback port nothing listens on now, from the kernel. It is released just before the
 * caller binds it, so another process could take it in between: fine for local stacks and
 * tests, which name the holder when a start finds its port taken.
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}
