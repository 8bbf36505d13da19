// strangler compare <route> [--window 5m] [--min-requests N] [--json]: legacy vs new side by side.
import { AdminClient } from '../adminClient.ts';
import { parseCommandArgs, parseDurationSeconds } from '../args.ts';
import { CliError, EXIT } from '../exitCodes.ts';
import { ms, percent, rate, ratio, table } from '../format.ts';
import { compareVerdict, DEFAULT_MIN_REQUESTS } from '../verdict.ts';
import type { StatsReport } from '../../stats/statsReport.ts';

const USAGE = 'strangler compare <route> [--window 5m] [--min-requests 100] [--json]';

export async function compareCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { window: { type: 'string', default: '5m' }, 'min-requests': { type: 'string' }, json: { type: 'boolean' } },
    USAGE,
  );
  const [routeId] = positionals;
  if (routeId === undefined || positionals.length > 1)
    throw new CliError(EXIT.USAGE, `expected one route\nusage: ${USAGE}`);
  const windowSeconds = parseDurationSeconds(values.window, '--window');
  const minRequests = values['min-requests'] === undefined ? DEFAULT_MIN_REQUESTS : Number(values['min-requests']);
  if (!Number.isInteger(minRequests) || minRequests < 1)
    throw new CliError(EXIT.USAGE, '--min-requests must be a whole number ≥ 1');

  const { body } = await new AdminClient().request<StatsReport>('GET', `/admin/stats?window=${windowSeconds}`);
  const route = body.routes.find((r) => r.id === routeId);
  if (!route)
    throw new CliError(
      EXIT.REJECTED,
      `no route "${routeId}" — known routes: ${body.routes.map((r) => r.id).join(', ') || '(none)'}`,
    );
  const { legacy, new: fresh } = route.backends;
  const verdict = compareVerdict(legacy, fresh, minRequests);
  if (values.json) {
    console.log(
      JSON.stringify(
        {
          route: route.id,
          weight: route.weight,
          windowSeconds: body.windowSeconds,
          legacy,
          new: fresh,
          verdict: verdict.kind,
          minRequests,
        },
        null,
        2,
      ),
    );
    return EXIT.OK;
  }
  const row = (label: string, l: string, n: string, r: string) => [label, l, n, r];
  console.log(`route ${route.id} · weight ${route.weight}% · last ${body.windowSeconds} s\n`);
  console.log(
    table(
      ['', 'LEGACY', 'NEW', 'NEW/LEGACY'],
      [
        row('requests', String(legacy.requests), String(fresh.requests), ratio(fresh.requests, legacy.requests)),
        row('req/s', rate(legacy.rps), rate(fresh.rps), ratio(fresh.rps, legacy.rps)),
        row(
          'error rate',
          percent(legacy.errorRate),
          percent(fresh.errorRate),
          ratio(fresh.errorRate, legacy.errorRate),
        ),
        row('p50', ms(legacy.p50Ms), ms(fresh.p50Ms), ratio(fresh.p50Ms, legacy.p50Ms)),
        row('p95', ms(legacy.p95Ms), ms(fresh.p95Ms), ratio(fresh.p95Ms, legacy.p95Ms)),
        row('p99', ms(legacy.p99Ms), ms(fresh.p99Ms), ratio(fresh.p99Ms, legacy.p99Ms)),
      ],
    ),
  );
  console.log(`\n${verdict.line}`);
  return EXIT.OK;
}
