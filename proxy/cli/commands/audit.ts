// strangler audit [--route <id>] [--limit N] [--json]: the applied weight changes, newest first.
import { AdminClient } from '../adminClient.ts';
import { parseCommandArgs } from '../args.ts';
import { EXIT } from '../exitCodes.ts';
import { table } from '../format.ts';
import type { AuditListing } from '../../controlplane/auditLog.ts';

const USAGE = 'strangler audit [--route <id>] [--limit 50] [--json]';

export async function auditCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { route: { type: 'string' }, limit: { type: 'string', default: '50' }, json: { type: 'boolean' } },
    USAGE,
  );
  const query = new URLSearchParams({ limit: values.limit });
  if (values.route) query.set('route', values.route);
  const { body } = await new AdminClient().request<AuditListing>('GET', `/admin/audit?${query}`);
  // On stderr, so --json output stays parseable.
  if (body.unreadableLines.length > 0) {
    console.error(
      `warning: ${body.unreadableLines.length} line(s) of the audit file could not be read (line ${body.unreadableLines.join(', ')}); a crash mid-write tears a line. They are left in the file as they are.`,
    );
  }
  if (values.json) {
    console.log(JSON.stringify(body.entries, null, 2));
    return EXIT.OK;
  }
  if (body.entries.length === 0) {
    console.log(values.route ? `no weight changes recorded for route ${values.route}` : 'no weight changes recorded');
    return EXIT.OK;
  }
  const rows = body.entries.map((e) => [
    e.time,
    e.actor,
    e.action,
    e.route,
    `${e.fromWeight}% → ${e.toWeight}%`,
    e.reason,
  ]);
  console.log(table(['TIME', 'BY', 'ACTION', 'ROUTE', 'WEIGHT', 'REASON'], rows));
  return EXIT.OK;
}
