// The open-loop columns of the benchmark table: each percentile is the median of the rounds, so one round a
// host stall hit does not stand for the row, while the worst round's p99 and the max over every round keep
// the stall visible; failures are summed.
import { expect, it } from 'vitest';
import { median, summarize, type FixedRateSample, type RoundSample } from '../../bench/proxyReport.ts';

const flatOut: RoundSample = {
  target: 'row',
  round: 1,
  rps: 1,
  cpuUsPerRequest: 1,
  gcMsPer10k: 0,
  scavengesPer10k: 0,
  promotedKbPer10k: 0,
  errors: 0,
};
const round = (n: number, p99Us: number, maxUs: number, failed = 0): FixedRateSample => ({
  target: 'row',
  round: n,
  rate: 2_000,
  sent: 10_000,
  failed,
  p50Us: 400 + n,
  p99Us,
  p999Us: p99Us * 2,
  maxUs,
});

it('one stalled round of three: the median p99, the worst round p99 and the max of all rounds', () => {
  const [row] = summarize(
    [flatOut],
    [round(1, 1_200, 9_000), round(2, 1_500_000, 1_700_000, 3), round(3, 1_100, 8_000)],
  );
  expect(row!.fixed[2_000]).toEqual({
    p50Us: 402,
    p99Us: 1_200,
    p999Us: 2_400,
    maxUs: 1_700_000,
    worstP99Us: 1_500_000,
    failed: 3,
  });
});

it('median of an even count is the mean of the middle two, whatever the order', () => {
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(median([7])).toBe(7);
});
