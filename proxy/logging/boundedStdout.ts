// The process log's destination when stdout is not a terminal: JSON lines through an asynchronous, buffered
// SonicBoom on fd 1 (sonic-boom 5, not pino.destination's 4.x, whose exit-time flushSync retried a broken
// pipe forever: a proxy whose log reader went away could never exit).
import sonicBoom from 'sonic-boom';

// A CommonJS package whose types say ESM: under nodenext its default import is the module object.
const { SonicBoom } = sonicBoom;

/** Log lines are written once this many bytes are buffered... */
const LOG_BUFFER_BYTES = 4096;
/** ...or at the latest this often, so a quiet proxy's lines still show up promptly (nginx's access_log buffer/flush). */
const LOG_FLUSH_INTERVAL_MS = 250;
/** A stdout that takes no write for this long is given up on (below). */
const LOG_STUCK_MS = 2_000;
/** While stdout is stuck, at most this much is held for it; newer lines are dropped. */
const LOG_BUFFER_MAX_BYTES = 16 * 1024 * 1024;

/**
 * A supervisor's stop must not hang on its log: when stdout is a pipe nobody reads (a log shipper that
 * stalled, a parent that stopped reading), SonicBoom by default retries EAGAIN forever, and at exit in a
 * synchronous 100 ms sleep loop where no signal handler can run again. Here a stuck stdout is retried for
 * at most LOG_STUCK_MS since the last write that went through; after that, each write gives up at its
 * first EAGAIN until one succeeds again (then the budget starts over). While running, the lines stay
 * buffered (up to LOG_BUFFER_MAX_BYTES, beyond which new lines are dropped) and go out when stdout drains.
 * At exit one synchronous flush writes what it can; what a stuck or broken stdout does not take is dropped.
 */
export function boundedStdout(): InstanceType<typeof SonicBoom> {
  let stuckSince: number | undefined;
  const destination = new SonicBoom({
    fd: 1,
    sync: false,
    minLength: LOG_BUFFER_BYTES,
    maxLength: LOG_BUFFER_MAX_BYTES,
    periodicFlush: LOG_FLUSH_INTERVAL_MS,
    retryEAGAIN: () => {
      const now = Date.now();
      stuckSince ??= now;
      return now - stuckSince < LOG_STUCK_MS;
    },
  });
  destination.on('write', () => (stuckSince = undefined));
  // With retries given up (or on EPIPE) SonicBoom emits 'error': without a listener that is an uncaught
  // exception, which would exit the proxy over its log. The lines stay buffered; the next write tries again.
  destination.on('error', () => {});
  process.once('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // dropped: exiting matters more than the last lines of a log nobody reads
    }
  });
  return destination;
}
