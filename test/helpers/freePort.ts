// A loopback port that was free a moment ago (bound, noted, closed): for servers that need a number up front
// (Prometheus, Postgres) and for a port nothing listens on.
import net, { type AddressInfo } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
