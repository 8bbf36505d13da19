// Every admin API error has the same JSON shape: `{ error: { code, message, ...details } }`.
import type { Response } from 'express';

export function sendAdminError(
  res: Response,
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): void {
  res
    .status(status)
    .set('cache-control', 'no-store')
    .json({ error: { code, message, ...details } });
}
