// Seeded fuzz of hostile upstream answers over both forwarders and both kinds of upstream: every client
// gets nothing but well-formed HTTP (one final response or a closed connection) within the route timeout
// + 1 s, and a good request right after succeeds. A throw out of a callback would fail the run as an
// uncaught error. The long run is `npm run fuzz`.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fuzzCase, startFuzzRig, type FuzzRig } from '../../helpers/hostileFuzz.ts';

let rig: FuzzRig;
beforeAll(async () => {
  rig = await startFuzzRig();
});
afterAll(async () => {
  await rig.close();
});

it('150 random upstream answers: no crash, no hang, nothing malformed, still serving', async () => {
  await fc.assert(
    fc.asyncProperty(fuzzCase, async (fuzz) => {
      const verdict = await rig.run(fuzz);
      expect(verdict.ok ? 'ok' : `${verdict.kind}: ${verdict.detail}`).toBe('ok');
    }),
    { seed: 12_12, numRuns: 150, endOnFailure: true },
  );
}, 60_000);
