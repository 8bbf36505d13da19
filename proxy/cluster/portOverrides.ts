// STRANGLER_LISTEN_PORT / STRANGLER_ADMIN_PORT: per-process ports over routes.yaml's listen.port and
// admin.port. With a shared store every replica reads one table, so replicas on one machine (the
// `npm run demo:replicas` demo, several replicas on one VM) need their own ports from outside it.
// Environment only, so cluster workers inherit the primary's.
import { UsageError } from './options.ts';

export const LISTEN_PORT_ENV = 'STRANGLER_LISTEN_PORT';
export const ADMIN_PORT_ENV = 'STRANGLER_ADMIN_PORT';

/** `configured` with the port from `variable` when it is set; a bad value is a UsageError naming it. */
export function withPortOverride<T extends { port: number }>(
  configured: T,
  variable: string,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const raw = env[variable];
  if (raw === undefined || raw === '') return configured;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535)
    throw new UsageError(`${variable}: "${raw}" is not a port — use 0..65535 (0 picks a free one)`);
  return { ...configured, port };
}
