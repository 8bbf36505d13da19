// strangler diffs <route> [--limit N] [--json]: shadow results of a route, the noisy fields calibration
// learned, and its latest mismatches with their differing paths.
import { AdminClient } from '../adminClient.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, EXIT } from '../exitCodes.ts';
import { printable } from '../format.ts';
import type { MismatchRecord, ShadowResult } from '../../cutover/shadow/shadowBook.ts';

const USAGE = 'strangler diffs <route> [--limit 10] [--json]';

interface DiffsBody {
  route: string;
  counts: Record<ShadowResult, number>;
  matchRatePercent: number | null;
  calibrationSamples: number;
  noisyFields: string[];
  mismatches: MismatchRecord[];
}

export async function diffsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { limit: { type: 'string', default: '10' }, json: { type: 'boolean' } },
    USAGE,
  );
  const [route] = positionals;
  if (route === undefined || positionals.length > 1)
    throw new CliError(EXIT.USAGE, `expected one route\nusage: ${USAGE}`);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0)
    throw new CliError(EXIT.USAGE, `--limit "${values.limit}" is not a whole number\nusage: ${USAGE}`);
  const { body } = await new AdminClient().request<DiffsBody>(
    'GET',
    `/admin/routes/${encodeURIComponent(route)}/diffs`,
  );
  if (values.json) {
    console.log(JSON.stringify({ ...body, mismatches: body.mismatches.slice(0, limit) }, null, 2));
    return EXIT.OK;
  }
  const { match, mismatch, error, shed } = body.counts;
  const rate = body.matchRatePercent === null ? 'no comparisons yet' : `${body.matchRatePercent} % match`;
  console.log(`${body.route}: ${rate} — ${match} match, ${mismatch} mismatch, ${error} error, ${shed} shed`);
  console.log(
    `noisy fields ignored (from ${body.calibrationSamples} calibration samples): ${body.noisyFields.join(', ') || 'none'}`,
  );
  for (const record of body.mismatches.slice(0, limit)) {
    console.log(
      `\n${record.time}  ${printable(record.method)} ${printable(record.path)}  legacy ${record.legacy.status} / new ${record.new.status}  (request ${record.requestId})`,
    );
    for (const d of record.differences)
      console.log(printable(`  ${d.kind.padEnd(14)} ${d.path}: ${d.legacy ?? '∅'} → ${d.new ?? '∅'}`));
  }
  return EXIT.OK;
}
