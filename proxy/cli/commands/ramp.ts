// strangler ramp start|pause|resume|abort|status <route> [--json]: drive the automatic ramp on the replica
// that runs the ramp controller.
import { AdminClient } from '../adminClient.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, EXIT } from '../exitCodes.ts';
import { printable } from '../format.ts';
import type { RampState } from '../../cutover/ramp/rampState.ts';

const USAGE = 'strangler ramp start|pause|resume|abort|status <route> [--json]';
const ACTIONS = ['start', 'pause', 'resume', 'abort', 'status'];

export async function rampCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, USAGE);
  const [action, route] = positionals;
  if (action === undefined || !ACTIONS.includes(action) || route === undefined || positionals.length > 2) {
    throw new CliError(EXIT.USAGE, `expected an action (${ACTIONS.join(', ')}) and one route\nusage: ${USAGE}`);
  }
  const path = `/admin/routes/${encodeURIComponent(route)}/ramp`;
  const client = new AdminClient();
  const { body: state } =
    action === 'status'
      ? await client.request<RampState>('GET', path)
      : await client.request<RampState>('POST', `${path}/${action}`);
  if (values.json) {
    console.log(JSON.stringify(state, null, 2));
    return EXIT.OK;
  }
  const steps =
    state.steps.length > 0
      ? ` · steps ${state.steps.map((s, i) => (i === state.stepIndex ? `[${s}]` : String(s))).join(' → ')}`
      : '';
  const live = action === 'status' ? await liveWeight(client, state.route) : state.weight;
  if (state.status === 'idle')
    console.log(`${state.route}: idle · live weight ${live} % (no ramp yet: strangler ramp start ${state.route})`);
  else if (live !== state.weight)
    console.log(
      `${state.route}: ${state.status} at ${state.weight} % · live weight ${live} % (changed outside the ramp)${steps}`,
    );
  else console.log(`${state.route}: ${state.status} at ${state.weight} %${steps}`);
  console.log(printable(state.message));
  for (const gate of state.lastGates) console.log(`  ${gate.passed ? 'pass' : 'FAIL'}  ${printable(gate.detail)}`);
  return EXIT.OK;
}

/** The weight the proxy serves now: the ramp's own record lags behind a manual shift until its next check. */
async function liveWeight(client: AdminClient, route: string): Promise<number | undefined> {
  const { body } = await client.request<{ routes: Array<{ id: string; weight: number }> }>('GET', '/admin/routes');
  return body.routes.find((r) => r.id === route)?.weight;
}
