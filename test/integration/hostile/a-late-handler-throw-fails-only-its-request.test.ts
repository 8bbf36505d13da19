// Issue 12 item 3, defence in depth: an in-process handler's throw from its own timer, or a rejection it never
// awaits, reaches Node's process-level events after the handler returned. It fails only that request (500
// HANDLER_FAILED if nothing was answered yet, else nothing more), is logged at error level with the request id,
// route and stack, counted in strangler_internal_errors_total{site="handler-async"}, and the next request is
// served by the same process. An error outside any handler still ends the process (exit 1), as Node would.
// The proxy runs in its own process (test/helpers/lateThrowProxyChild.ts) with the production listeners.
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  HOSTED_HANDLER_HEADER,
  HOSTED_SECRET_HEADER,
  type HandlerHostAddress,
} from '../../../proxy/forward/handlerHost.ts';
import { scrape, seriesValue, untilSeries } from '../../helpers/metricsText.ts';
import { closeEvent, nextMessage, openClient, wsUrl } from '../../helpers/wsTestServers.ts';

const ENTRY = fileURLToPath(new URL('../../helpers/lateThrowProxyChild.ts', import.meta.url));

interface LateThrowProxy {
  child: ChildProcess;
  url: string;
  adminUrl: string;
  host: HandlerHostAddress;
  logs: Array<Record<string, unknown>>;
  stderr(): string;
  exited: Promise<number | null>;
}

function startLateThrowProxy(): Promise<LateThrowProxy> {
  const child = fork(ENTRY, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const logs: Array<Record<string, unknown>> = [];
  let partial = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.once('message', (message) => {
      const { url, adminUrl, host } = message as { url: string; adminUrl: string; host: HandlerHostAddress };
      resolve({ child, url, adminUrl, host, logs, stderr: () => stderr, exited });
    });
    void exited.then((code) => reject(new Error(`proxy child exited with ${code} before it served: ${stderr}`)));
  });
}

const isAlive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

const stopChild = async (proxy: LateThrowProxy | undefined) => {
  if (proxy && isAlive(proxy.child)) {
    process.kill(proxy.child.pid!, 'SIGKILL');
    await proxy.exited;
  }
};

async function logLine(proxy: LateThrowProxy, match: (line: Record<string, unknown>) => boolean) {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const found = proxy.logs.find(match);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no matching log line within 5 s; got: ${JSON.stringify(proxy.logs.slice(-5))}`);
}

const CONTAINED = 'in-process handler threw outside its call';

describe('a late throw or unhandled rejection from an in-process handler fails only its request', () => {
  let proxy: LateThrowProxy;
  let counted = 0;

  beforeAll(async () => {
    proxy = await startLateThrowProxy();
  });
  afterAll(() => stopChild(proxy));

  /** The error was counted once more, and the same process still serves the next request. */
  async function expectCountedAndStillServing() {
    counted++;
    await untilSeries(proxy.adminUrl, 'strangler_internal_errors_total', { site: 'handler-async' }, counted);
    const next = await fetch(`${proxy.url}/ok`);
    expect(next.status).toBe(200);
    expect(await next.json()).toEqual({ ok: true });
    expect(isAlive(proxy.child)).toBe(true);
  }

  async function expectHandlerFailed(res: Response) {
    expect(res.status).toBe(500);
    expect(res.headers.get('x-strangler-backend')).toBe('new');
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('HANDLER_FAILED');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  }

  async function expectLogged(requestId: string, route: string | undefined, message: string, handler = 'app') {
    const line = await logLine(proxy, (l) => l.requestId === requestId && String(l.msg).startsWith(CONTAINED));
    expect(line).toMatchObject({ level: 50, handler, origin: expect.any(String) });
    expect(line.route).toBe(route);
    expect((line.err as { stack: string }).stack).toContain(message);
  }

  it('the metric is exported at 0 before anything failed', async () => {
    expect(
      seriesValue(await scrape(proxy.adminUrl), 'strangler_internal_errors_total', { site: 'handler-async' }),
    ).toBe(0);
  });

  it('answers, then throws from a timer: the client keeps its answer; logged, counted, still serving', async () => {
    const res = await fetch(`${proxy.url}/answers-then-throws`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ answered: true });
    await expectLogged(res.headers.get('x-request-id')!, 'app', 'late throw after answering');
    await expectCountedAndStillServing();
  });

  it('throws from a timer before answering: 500 HANDLER_FAILED in the error table, not a hang', async () => {
    const res = await fetch(`${proxy.url}/throws-before-answering`, {
      method: 'POST',
      signal: AbortSignal.timeout(5_000),
    });
    await expectHandlerFailed(res);
    await expectLogged(res.headers.get('x-request-id')!, 'app', 'late throw before answering');
    await expectCountedAndStillServing();
  });

  it('leaves a rejected promise unawaited: 500 HANDLER_FAILED', async () => {
    const res = await fetch(`${proxy.url}/unawaited-rejection`, { method: 'POST', signal: AbortSignal.timeout(5_000) });
    await expectHandlerFailed(res);
    await expectLogged(res.headers.get('x-request-id')!, 'app', 'a rejection nobody awaits');
    await expectCountedAndStillServing();
  });

  it('throws from a timer set after express.json() read a body that came after the head', async () => {
    const payload = '{"late":true}';
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${proxy.url}/throws-after-parsing-the-body`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.flushHeaders();
      setTimeout(() => req.end(payload), 50); // its own packet: parsed in the connection's context
    });
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'HANDLER_FAILED' } });
    await expectCountedAndStillServing();
  });

  it('throws from a timer set in its own request listener (emitted from the connection, not the handler call)', async () => {
    const res = await fetch(`${proxy.url}/from-request-listener`, {
      method: 'POST',
      body: 'x',
      signal: AbortSignal.timeout(5_000),
    });
    await expectHandlerFailed(res);
    await expectLogged(
      res.headers.get('x-request-id')!,
      'listener',
      'a timer set in a request listener',
      'fromRequestListener',
    );
    await expectCountedAndStillServing();
  });

  it('through the handler host (how cluster workers and shadow copies run handlers): 500 HANDLER_FAILED', async () => {
    const res = await fetch(`${proxy.host.url}/throws-before-answering`, {
      method: 'POST',
      headers: {
        [HOSTED_HANDLER_HEADER]: 'app',
        [HOSTED_SECRET_HEADER]: proxy.host.secret,
        'x-request-id': 'via-the-handler-host',
      },
      signal: AbortSignal.timeout(5_000),
    });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('HANDLER_FAILED');
    await expectLogged('via-the-handler-host', undefined, 'late throw before answering');
    await expectCountedAndStillServing();
  });

  it('a WebSocket message callback throwing from a timer closes that connection only', async () => {
    const client = await openClient(wsUrl(proxy.url, '/ws'));
    const closed = closeEvent(client);
    client.send('boom');
    expect((await closed).code).toBe(1006); // dropped without a close frame
    await expectCountedAndStillServing();
    const next = await openClient(wsUrl(proxy.url, '/ws'));
    next.send('again');
    expect((await nextMessage(next)).data.toString()).toBe('echo:again');
    next.close();
  });
});

describe('an error outside any handler scope still ends the process', () => {
  let proxy: LateThrowProxy | undefined;
  afterEach(() => stopChild(proxy));

  it.each([
    ['throw-outside', 'uncaughtException', 'a throw outside any handler'],
    ['reject-outside', 'unhandledRejection', 'a rejection outside any handler'],
  ])('%s: logged fatal, the stack on stderr, exit 1', async (command, origin, message) => {
    proxy = await startLateThrowProxy();
    proxy.child.send(command);
    expect(await proxy.exited).toBe(1);
    expect(proxy.stderr()).toContain(message);
    const fatal = proxy.logs.find((line) => line.level === 60);
    expect(fatal).toMatchObject({ origin, msg: `${origin} outside any in-process handler: exiting` });
  });
});
