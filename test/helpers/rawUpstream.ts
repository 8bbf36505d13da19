// A TCP server standing in for a broken legacy: it reads the request head, then lets the test write
// whatever bytes (or silence, or a reset) it wants on the raw socket.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RawUpstream {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function startRawUpstream(onRequest: (socket: net.Socket, head: string) => void): Promise<RawUpstream> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = buffered.slice(0, end);
      buffered = buffered.slice(end + 4);
      requests.push(head);
      onRequest(socket, head);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
