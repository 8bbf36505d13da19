// Log lines for a person at a terminal: pino's JSON turned into one short line each — a request as
// `12:00:01 GET 200 orders → new 3.2 ms`, anything else as `12:00:01 INFO message  key=value …`. Used only
// when stdout is a terminal (or STRANGLER_LOG_FORMAT=pretty); pipes and files keep the JSON lines.

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** pino's own fields, shown in the line's prefix or not at all. */
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'v']);
const REQUEST_FIELDS = new Set(['requestId', 'route', 'backend', 'method', 'status', 'durationMs', 'worker']);

function clock(time: unknown): string {
  const date = new Date(typeof time === 'number' ? time : Date.now());
  return date.toTimeString().slice(0, 8);
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/** One pino JSON line (with or without its newline) as one readable line ending in a newline. */
export function readableLogLine(jsonLine: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`;
  }
  const time = clock(entry.time);
  const level = LEVELS[entry.level as number] ?? String(entry.level);
  if (typeof entry.method === 'string' && typeof entry.status === 'number' && entry.msg === undefined) {
    const extra = Object.entries(entry).filter(([key]) => !HIDDEN.has(key) && !REQUEST_FIELDS.has(key));
    const rest = [
      `req=${String(entry.requestId ?? '-')}`,
      ...extra.map(([key, value]) => `${key}=${valueText(value)}`),
    ].join(' ');
    const marker = entry.status >= 500 ? ' ✗' : '';
    return `${time} ${entry.method} ${entry.status} ${String(entry.route ?? '-')} → ${String(entry.backend ?? '-')} ${String(entry.durationMs ?? '-')} ms${marker}  ${rest}\n`;
  }
  if (entry.msg === 'serving' && entry.urls && typeof entry.urls === 'object') {
    const rows = Object.entries(entry.urls as Record<string, string>).map(
      ([name, url]) => `  ${name.padEnd(9)} ${url}`,
    );
    return `${time} Strangler is serving:\n${rows.join('\n')}\n`;
  }
  const fields = Object.entries(entry)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${valueText(value)}`)
    .join(' ');
  return `${time} ${level.padEnd(5)} ${String(entry.msg ?? '')}${fields ? `  ${fields}` : ''}\n`;
}

/** Readable lines on a terminal unless STRANGLER_LOG_FORMAT=json; JSON elsewhere unless it is `pretty`. */
export function wantsReadableLogs(
  isTTY: boolean | undefined,
  format: string | undefined = process.env.STRANGLER_LOG_FORMAT,
): boolean {
  if (format === 'json') return false;
  if (format === 'pretty') return true;
  return isTTY === true;
}
