import { createServer, type Server } from 'node:http';

/**
 * A loopback server that answers 200 to every PUT and keeps nothing: a stand-in for "some
 * other server" that a presigned upload must never be sent to, or that claims success
 * without storing. `GET /__puts` tells a test how many PUTs it received and their paths (test
 * files run side by side share a sink, so a test looks for its own upload). Port 0 picks one.
 */
export async function startPutSink(port: number): Promise<Server> {
  let puts = 0;
  const paths: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'PUT') {
        puts++;
        paths.push(req.url ?? '');
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      } else if (req.url === '/__puts') {
        res
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ puts, paths }));
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}
