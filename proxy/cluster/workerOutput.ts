// Workers do not share the primary's stdout and stderr: each gets pipes of its own, which the primary reads
// and writes on, whole lines, through its own log destination (stderr: as is). Why: O_NONBLOCK is a flag of
// the open file description, which inherited descriptors share. libuv sets an inherited stdout blocking in
// every child it starts, and Node restores the start-up flags at exit, so the first worker to exit left the
// shared stdout blocking for the primary and the other workers. With stdout a full pipe nobody reads, their
// next log write then waited in the kernel for good, and the primary never exited (docs/OPERATIONS.md
// "Signals and drain"). Writing through the primary's destination also keeps one writer on stdout, so lines
// from different processes never interleave mid-line.
import type { Readable } from 'node:stream';

/** Where the primary writes what a worker printed: its logger's destination (a line at a time), its stderr. */
export interface OutputSinks {
  stdout: (line: string) => void;
  stderr: (chunk: Buffer) => void;
}

/** The stdio a worker is forked with: its own pipes for stdout and stderr, the cluster's IPC channel. */
export const WORKER_STDIO = ['ignore', 'pipe', 'pipe', 'ipc'] as const;

/**
 * Relays one worker's output; resolves once both pipes have ended (the worker exited), its last line
 * written. A line cut off by the worker's exit is completed with a newline.
 */
export function relayWorkerOutput(stdout: Readable | null, stderr: Readable | null, sinks: OutputSinks): Promise<void> {
  return Promise.all([relayLines(stdout, sinks.stdout), relayChunks(stderr, sinks.stderr)]).then(() => {});
}

/** A worker's line longer than this without a newline is written out as it stands. */
const MAX_LINE_CHARS = 1024 * 1024;

function relayLines(stream: Readable | null, write: (line: string) => void): Promise<void> {
  if (!stream) return Promise.resolve();
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      write(partial + chunk.slice(start, end + 1));
      partial = '';
      start = end + 1;
    }
    partial += chunk.slice(start);
    if (partial.length > MAX_LINE_CHARS) {
      write(`${partial}\n`);
      partial = '';
    }
  });
  return ended(stream).then(() => {
    if (partial !== '') write(`${partial}\n`);
  });
}

function relayChunks(stream: Readable | null, write: (chunk: Buffer) => void): Promise<void> {
  if (!stream) return Promise.resolve();
  stream.on('data', write);
  return ended(stream);
}

/** 'end' or 'close', whichever comes: a pipe the worker's exit tore down may only close. */
function ended(stream: Readable): Promise<void> {
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.on('error', () => {}); // a broken pipe from a worker that died: it has ended all the same
  });
}
