// `strangler start` without the production V8 flags on node's command line (bin/v8Flags.js): run node
// once more with them, as one child, and be its transparent parent. Signals the service manager sends
// (SIGTERM, SIGINT, SIGHUP for a reload) are passed on once; the child's exit code or signal is ours.
// The child gets its own process group, so a terminal's Ctrl-C reaches it once (through us), not twice
// (a second SIGINT means "exit now"); an IPC channel tells it when we die, even by SIGKILL, and it drains.
import { spawn } from 'node:child_process';
import { RELAUNCHED_ENV } from './v8Flags.js';

const FORWARDED = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2'];

/** @param {string[]} flags the missing V8 flags */
export function relaunchWith(flags) {
  const child = spawn(process.execPath, [...flags, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [RELAUNCHED_ENV]: '1' },
    detached: true,
  });
  for (const signal of FORWARDED) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`strangler: could not start node with ${flags.join(' ')}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    for (const forwarded of FORWARDED) process.removeAllListeners(forwarded);
    process.kill(process.pid, signal);
  });
}

/** In the relaunched child: our parent gone (the IPC channel closed) ⇒ drain as on SIGTERM. */
export function drainWhenParentDies() {
  if (!process.channel) return;
  process.channel.unref(); // the channel alone does not keep the proxy running
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
