// strangler discover [--by traffic|time] [--limit N] [--yaml [--new-url URL]] [--json]: the endpoints no route
// takes yet, from the proxy's own unmatched traffic, ranked as a migration backlog; --yaml prints route entries.
import type { DiscoverDocument } from '../../discover/discoverTable.ts';
import { RANK_KEYS, rankDiscovered, routesYamlOf, type RankKey } from '../../discover/rankDiscovered.ts';
import { AdminClient } from '../adminClient.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, EXIT } from '../exitCodes.ts';
import { ms, percent, rate, table } from '../format.ts';

export const DISCOVER_USAGE =
  'discover [--by traffic|time] [--limit N] [--yaml [--new-url <url>]] [--json]  endpoints no route takes yet, busiest first';
const USAGE = `strangler ${DISCOVER_USAGE}`;
const DEFAULT_LIMIT = 20;
const DEFAULT_NEW_URL = 'http://127.0.0.1:7000';

export async function discoverCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      by: { type: 'string', default: 'traffic' },
      limit: { type: 'string' },
      yaml: { type: 'boolean' },
      'new-url': { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  if (!(RANK_KEYS as readonly string[]).includes(values.by))
    throw new CliError(EXIT.USAGE, `--by takes ${RANK_KEYS.join(' or ')}, got "${values.by}"\nusage: ${USAGE}`);
  const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new CliError(EXIT.USAGE, `--limit takes a whole number from 1, got "${values.limit}"\nusage: ${USAGE}`);
  const { body } = await new AdminClient().request<DiscoverDocument>('GET', '/admin/discover');
  const ranked = rankDiscovered(body.endpoints, values.by as RankKey).slice(0, limit);
  if (values.json) {
    console.log(JSON.stringify({ ...body, endpoints: ranked }, null, 2));
    return EXIT.OK;
  }
  if (values.yaml) {
    const text = routesYamlOf(ranked, values['new-url'] ?? DEFAULT_NEW_URL);
    if (text === '') console.error('no unrouted traffic seen yet: nothing to print');
    else
      process.stdout.write(
        `# Paste under routes: in routes.yaml (weight 0, phase legacy: nothing changes until you shift)\n${text}`,
      );
    return EXIT.OK;
  }
  if (ranked.length === 0) {
    console.log('no unrouted traffic seen yet — every request so far matched a route (or none came in)');
    return EXIT.OK;
  }
  const header = [
    'METHOD',
    'TEMPLATE',
    'REQUESTS',
    'req/s',
    'err',
    'p50',
    'p99',
    'IN LEGACY',
    'FIRST SEEN',
    'LAST SEEN',
  ];
  const rows = ranked.map((e) => [
    e.method,
    e.template,
    String(e.requests),
    rate(e.rps),
    percent(e.errorRate),
    ms(e.p50Ms),
    ms(e.p99Ms),
    seconds(e.legacyMs),
    e.firstSeen.slice(0, 19),
    e.lastSeen.slice(0, 19),
  ]);
  console.log(table(header, rows));
  const shown =
    ranked.length < body.endpoints.length ? `top ${ranked.length} of ${body.endpoints.length}` : `${ranked.length}`;
  const scope = body.scope === 'replicas' ? 'summed over replicas' : 'this replica only';
  console.log(
    `\n${shown} unrouted endpoint(s) by ${values.by} · ${scope} · table keeps ${body.maxTemplates} templates (${body.evicted} evicted)`,
  );
  console.log(
    'route them: strangler discover --yaml prints entries to paste under routes: in routes.yaml (then strangler validate)',
  );
  return EXIT.OK;
}

function seconds(valueMs: number): string {
  return valueMs >= 10_000 ? `${Math.round(valueMs / 1000)}s` : `${(valueMs / 1000).toFixed(2)}s`;
}
