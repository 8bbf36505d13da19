// SIGTERM/SIGINT start a graceful drain once; a second signal means "now": exit at once with 1.
export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export function onShutdownSignal(drain: (signal: NodeJS.Signals) => void): void {
  let draining = false;
  for (const signal of SHUTDOWN_SIGNALS) {
    process.on(signal, () => {
      if (draining) process.exit(1);
      draining = true;
      drain(signal);
    });
  }
}
