// One queue for every change to the live config (file reloads and admin API writes), so a reload that
// read the file before an admin write can never swap in an older snapshot after it.
export class ConfigChangeLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(change: () => Promise<T>): Promise<T> {
    const result = this.tail.then(change, change);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
