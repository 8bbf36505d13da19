// The long hostile-upstream fuzz (`npm run fuzz [-- cases [seed]]`, default 10,000 cases, seed 1212):
// the same generator and judgement as test/integration/fuzz/, run 8 cases at a time. Prints cases
// run, crashes (a throw that reached the process: uncaught exception or unhandled rejection), hangs
// (no close within the route timeout + 1 s), malformed answers and failed follow-up requests; exits 1
// if any is non-zero.
import fc from 'fast-check';
import { fuzzCase, startFuzzRig } from '../test/helpers/hostileFuzz.ts';

const total = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 1212);
const counts = { cases: 0, crashes: 0, hangs: 0, malformed: 0, notServing: 0 };
const crash = (error: unknown) => {
  counts.crashes += 1;
  console.error('crash:', error);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

const rig = await startFuzzRig();
const cases = fc.sample(fuzzCase, { seed, numRuns: total });
const started = performance.now();
let next = 0;
const worker = async () => {
  while (next < cases.length) {
    const verdict = await rig.run(cases[next++]!);
    counts.cases += 1;
    if (!verdict.ok) {
      if (verdict.kind === 'hang') counts.hangs += 1;
      else if (verdict.kind === 'malformed') counts.malformed += 1;
      else counts.notServing += 1;
      console.error(`${verdict.kind}: ${verdict.detail}`);
    }
    if (counts.cases % 1000 === 0) console.log(`${counts.cases} cases...`);
  }
};
await Promise.all(Array.from({ length: 8 }, worker));
await rig.close();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `seed ${seed}: cases run ${counts.cases}, crashes ${counts.crashes}, hangs ${counts.hangs}, ` +
    `malformed ${counts.malformed}, failed follow-ups ${counts.notServing} (${seconds} s)`,
);
process.exit(counts.crashes + counts.hangs + counts.malformed + counts.notServing === 0 ? 0 : 1);
