// strangler report [--window 15m] [--json]: the decommission report — per route its phase, traffic and
// errors per backend, shadow match rate, and whether legacy can be retired (and if not, why).
import { AdminClient } from '../adminClient.ts';
import { parseCommandArgs, parseDurationSeconds } from '../args.ts';
import { EXIT } from '../exitCodes.ts';
import type { DecommissionReport } from '../../cutover/report/report.ts';
import { reportMarkdown } from '../../cutover/report/reportMarkdown.ts';

const USAGE = 'strangler report [--window 15m] [--json]';

export async function reportCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { window: { type: 'string', default: '15m' }, json: { type: 'boolean' } },
    USAGE,
  );
  const seconds = parseDurationSeconds(values.window, '--window');
  const { body } = await new AdminClient().request<DecommissionReport>('GET', `/admin/report?window=${seconds}`);
  console.log(values.json ? JSON.stringify(body, null, 2) : reportMarkdown(body));
  return EXIT.OK;
}
