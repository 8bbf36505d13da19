// Workers write their logs to pipes of their own, which the primary reads and passes on, a whole line at a
// time, through its own log destination (proxy/cluster/workerOutput.ts). Nothing may be lost on the way, and
// lines from two workers and the primary must never interleave mid-line: every stdout line parses as JSON,
// and every request shows up exactly once, also the last ones before SIGTERM.
import http from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnStrangler, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';

const REQUESTS = 3_000;
const CONNECTIONS = 20;

let legacy: TestUpstream | undefined;
let strangler: SpawnedStrangler | undefined;

afterEach(async () => {
  strangler?.kill();
  await legacy?.close();
});

function sendAll(url: string): Promise<number> {
  // Several keep-alive connections: node:cluster hands connections to the workers in turn.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let next = 0;
  let ok = 0;
  const one = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const id = `relay-${next++}`;
      http
        .get(`${url}/relayed`, { agent, headers: { 'x-request-id': id } }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) ok++;
            resolve();
          });
        })
        .on('error', () => resolve());
    }).then(() => (next < REQUESTS ? one() : undefined));
  return Promise.all(Array.from({ length: CONNECTIONS }, one)).then(() => {
    agent.destroy();
    return ok;
  });
}

it('--workers 2: every request line of both workers reaches stdout once, whole, up to the exit', async () => {
  legacy = await startUpstream(echoListener('legacy'));
  strangler = await spawnStrangler({ backends: { legacy: { url: legacy.url } } }, ['--workers', '2']);
  const stdoutClosed = new Promise<void>((resolve) => strangler!.child.stdout!.once('close', resolve));
  // The helper JSON.parses every stdout line that starts with "{": a line cut or mixed with another throws.
  expect(await sendAll(strangler.proxyUrl)).toBe(REQUESTS);
  strangler.child.kill('SIGTERM');
  expect(await strangler.exited).toEqual({ code: 0, signal: null });
  await stdoutClosed;

  const requestLines = strangler.logs.filter((line) => String(line.requestId).startsWith('relay-'));
  expect(new Set(requestLines.map((line) => line.requestId)).size).toBe(REQUESTS);
  expect(requestLines).toHaveLength(REQUESTS);
  // Both workers served and logged (each worker's lines carry its pid).
  expect(new Set(requestLines.map((line) => line.worker)).size).toBe(2);
  expect(strangler.logs.some((line) => line.msg === 'all workers drained, exiting')).toBe(true);
}, 60_000);
