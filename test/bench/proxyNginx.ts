// nginx as the reference reverse proxy, when installed: one worker, upstream keepalive, access log off.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function nginxBinary(): string | undefined {
  for (const candidate of ['nginx', '/usr/sbin/nginx', '/usr/local/sbin/nginx']) {
    if (spawnSync(candidate, ['-v'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}

export interface NginxProcess {
  url: string;
  cpuMicros(): number;
  stop(): Promise<void>;
}

/** `core`: pin master and worker to this CPU (needs taskset). */
export async function startNginx(binary: string, legacyUrl: string, core?: number): Promise<NginxProcess> {
  const port = await freePort();
  const prefix = mkdtempSync(join(tmpdir(), 'strangler-bench-nginx-'));
  const legacy = new URL(legacyUrl);
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  upstream legacy { server ${legacy.host}; keepalive 128; }
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://legacy; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host; }
  }
}
`,
  );
  const args = ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'];
  // taskset execs nginx, so the pid stays the master's and the workers it forks inherit the core.
  const child: ChildProcess =
    core === undefined
      ? spawn(binary, args, { stdio: 'ignore' })
      : spawn('taskset', ['-c', String(core), binary, ...args], { stdio: 'ignore' });
  await waitForPort(port);
  return {
    url: `http://127.0.0.1:${port}`,
    cpuMicros: () => nginxCpuMicros(child.pid!),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGQUIT');
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(true));
      socket.on('error', () => resolve(false));
      socket.on('connect', () => socket.destroy());
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${port} within 5 s — see its error.log`);
}

/** CPU time (µs) used so far by a process and all its descendants (nginx master + workers; the bin, the
 * proxy it relaunched and its cluster workers), from /proc (Linux). */
export function nginxCpuMicros(rootPid: number): number {
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      pending.push(...children.map(Number));
    } catch {
      // exited meanwhile
    }
  }
  return (ticks * 1_000_000) / ticksPerSecond;
}
