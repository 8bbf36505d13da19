// Child process for the crash test: `node --import tsx adminCrashWriter.ts <file>` rewrites <file> with
// writeFileAtomic, prints "temp-written <path>" once the temp file is durable, then hangs before the
// rename until the parent kills it.
import { writeFileAtomic } from '../../proxy/config/persist.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: adminCrashWriter.ts <file>');
await writeFileAtomic(file, 'routes: [ this text must never become the file\n', {
  beforeRename: (tempFile) => {
    process.stdout.write(`temp-written ${tempFile}\n`);
    return new Promise(() => setInterval(() => undefined, 1_000));
  },
});
