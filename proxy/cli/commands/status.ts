// strangler status [--json]: per route, weight and last-minute traffic, errors and latency per backend.
import { AdminClient } from '../adminClient.ts';
import { parseCommandArgs } from '../args.ts';
import { EXIT } from '../exitCodes.ts';
import { ms, percent, rate, table } from '../format.ts';
import type { StatsReport } from '../../stats/statsReport.ts';

const USAGE = 'strangler status [--json]';
const STATUS_WINDOW_SECONDS = 60;

export async function statusCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { json: { type: 'boolean' } }, USAGE);
  const { body } = await new AdminClient().request<StatsReport>('GET', `/admin/stats?window=${STATUS_WINDOW_SECONDS}`);
  if (values.json) {
    console.log(JSON.stringify(body, null, 2));
    return EXIT.OK;
  }
  const header = ['ROUTE', 'WEIGHT', 'LEGACY req/s', 'err', 'p50', 'p99', 'NEW req/s', 'err', 'p50', 'p99'];
  const rows = body.routes.map((route) => {
    const { legacy, new: fresh } = route.backends;
    return [
      route.id,
      `${route.weight}%`,
      rate(legacy.rps),
      percent(legacy.errorRate),
      ms(legacy.p50Ms),
      ms(legacy.p99Ms),
      rate(fresh.rps),
      percent(fresh.errorRate),
      ms(fresh.p50Ms),
      ms(fresh.p99Ms),
    ];
  });
  console.log(table(header, rows));
  const { unmatched } = body;
  // Older proxies have no `unmatched` in the document.
  if (unmatched) {
    const seen =
      unmatched.requests === 0
        ? 'none'
        : `${rate(unmatched.rps)} req/s, ${percent(unmatched.errorRate)} errors, p50 ${ms(unmatched.p50Ms)}, p99 ${ms(unmatched.p99Ms)}`;
    console.log(
      `\nunrouted (to legacy, no route matched): ${seen}${unmatched.requests === 0 ? '' : ' — by endpoint: strangler discover'}`,
    );
  }
  const { body: cutover } = await new AdminClient().request<{
    routes: Array<{ id: string; phase: string; ramp: { status: string; weight: number } | null }>;
  }>('GET', '/admin/cutover');
  const phaseOf = (r: (typeof cutover.routes)[number]) =>
    `${r.id} ${r.phase}${r.ramp ? ` (ramp ${r.ramp.status} at ${r.ramp.weight} %)` : ''}`;
  console.log(`\nphases: ${cutover.routes.map(phaseOf).join(' · ')}`);
  console.log(`last ${body.windowSeconds} s · config ${body.configHash}`);
  return EXIT.OK;
}
