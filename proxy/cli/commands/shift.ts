// strangler shift <route> <weight> --reason "…" [--yes]: shows the diff, confirms, applies with If-Match.
import { AdminClient } from '../adminClient.ts';
import { parseCommandArgs } from '../args.ts';
import { confirm } from '../confirm.ts';
import { CliError, EXIT } from '../exitCodes.ts';
import type { WeightChangeApplied } from '../../admin/weightChange.ts';

const USAGE = 'strangler shift <route> <weight> --reason "<why>" [--yes]';

export async function shiftCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { reason: { type: 'string' }, yes: { type: 'boolean', short: 'y' } },
    USAGE,
  );
  const [route, weightText] = positionals;
  if (route === undefined || weightText === undefined || positionals.length > 2)
    throw new CliError(EXIT.USAGE, `expected a route and a weight\nusage: ${USAGE}`);
  if (!values.reason?.trim())
    throw new CliError(EXIT.USAGE, `--reason is required: it goes to the audit log\nusage: ${USAGE}`);
  const weight = Number(weightText);
  if (weightText.trim() === '' || !Number.isFinite(weight))
    throw new CliError(EXIT.USAGE, `weight "${weightText}" is not a number — use 0..100, e.g. 25 or 12.5`);

  const client = new AdminClient();
  const { etag } = await client.request('GET', '/admin/routes');
  const ifMatch = { 'if-match': etag ?? '' };
  const path = `/admin/routes/${encodeURIComponent(route)}`;
  const change = { weight, reason: values.reason };
  const { body: plan } = await client.request<Omit<WeightChangeApplied, 'ok'>>('PATCH', `${path}?dryRun=1`, {
    body: change,
    headers: ifMatch,
  });
  printPlan(plan);
  if (plan.fromWeight === plan.toWeight) {
    console.log('nothing to change');
    return EXIT.OK;
  }
  if (!values.yes && !(await confirm('apply this change?'))) {
    console.error(
      process.stdin.isTTY
        ? 'not applied'
        : 'not applied: no terminal to confirm on — pass --yes to apply without asking',
    );
    return EXIT.NOT_CONFIRMED;
  }
  const { body: applied } = await client.request<Omit<WeightChangeApplied, 'ok'>>('PATCH', path, {
    body: change,
    headers: ifMatch,
  });
  console.log(
    `applied: ${applied.route} ${applied.fromWeight}% → ${applied.toWeight}% (config ${applied.configHashBefore} → ${applied.configHashAfter})`,
  );
  if (!applied.persisted) console.log('note: the proxy runs without a config file; this change is lost on restart');
  return EXIT.OK;
}

function printPlan(plan: Omit<WeightChangeApplied, 'ok'>): void {
  console.log(
    `route ${plan.route}: weight ${plan.fromWeight}% → ${plan.toWeight}% (new serves ${plan.toWeight}% of its traffic)`,
  );
  for (const line of plan.fileDiff) {
    console.log(`  routes.yaml:${line.line}`);
    console.log(`  - ${line.before}`);
    console.log(`  + ${line.after}`);
  }
}
