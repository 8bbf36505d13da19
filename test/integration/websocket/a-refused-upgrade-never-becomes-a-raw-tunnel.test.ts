import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

describe('an upgrade the upstream does not accept never turns the client connection into a raw tunnel', () => {
  let legacy: TestUpstream;
  let proxy: TestProxy;
  const seen: string[] = [];

  beforeAll(async () => {
    // A plain HTTP upstream: it answers the upgrade request with 200 instead of 101.
    legacy = await startUpstream((req, res) => {
      seen.push(req.url ?? '');
      res.end('plain answer');
    });
    proxy = await startProxy({ config: { backends: { legacy: { url: legacy.url } } } });
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  it('relays the 200, closes the connection, and the smuggled request never reaches the upstream', async () => {
    const { port } = new URL(proxy.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'GET /ws HTTP/1.1\r\nhost: x\r\nconnection: upgrade\r\nupgrade: websocket\r\nsec-websocket-version: 13\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n' +
        'GET /internal/admin HTTP/1.1\r\nhost: x\r\n\r\n',
    );
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    await new Promise((resolve) => socket.once('close', resolve));
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(received).toContain('plain answer');
    expect(received.match(/HTTP\/1\.1 /g)).toHaveLength(1); // one answer only
    expect(seen).toEqual(['/ws']);
  });
});
