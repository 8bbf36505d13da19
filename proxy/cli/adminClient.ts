// Talks to a running proxy's admin API (STRANGLER_ADMIN_URL, STRANGLER_ADMIN_TOKEN) and turns every
// failure into a CliError with a message that says what to do.
import { CliError, EXIT } from './exitCodes.ts';

export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:9090';
const REQUEST_TIMEOUT_MS = 10_000;

export interface AdminResponse<T> {
  body: T;
  etag: string | null;
}

interface ErrorBody {
  error?: { code?: string; message?: string; problems?: Array<{ path: string; message: string; line?: number }> };
}

export class AdminClient {
  readonly baseUrl: string;
  private readonly token: string | undefined;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.baseUrl = (env.STRANGLER_ADMIN_URL || DEFAULT_ADMIN_URL).replace(/\/+$/, '');
    this.token = env.STRANGLER_ADMIN_TOKEN || undefined;
  }

  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<AdminResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new CliError(
        EXIT.UNREACHABLE,
        `cannot reach the Strangler admin API at ${this.baseUrl} (${cause}) — is the proxy running? Set STRANGLER_ADMIN_URL to its admin address.`,
      );
    }
    const text = await res.text();
    const body = parseJson(text);
    if (res.ok) return { body: body as T, etag: res.headers.get('etag') };
    throw errorFor(res, body as ErrorBody, this.baseUrl);
  }
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch {
    return { error: { message: text.slice(0, 200) } };
  }
}

function errorFor(res: Response, body: ErrorBody, baseUrl: string): CliError {
  const message = body.error?.message ?? `HTTP ${res.status}`;
  const problems = (body.error?.problems ?? [])
    .map((p) => `\n  ${p.path}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`)
    .join('');
  switch (res.status) {
    case 401:
      return new CliError(EXIT.UNAUTHORIZED, `the admin API at ${baseUrl} refused the token: ${message}`);
    case 429:
      return new CliError(EXIT.UNAUTHORIZED, `${message} (Retry-After: ${res.headers.get('retry-after') ?? '?'} s)`);
    case 412:
      return new CliError(EXIT.CONFLICT, `${message}${problems}`);
    // A 409 is a refusal that re-running cannot fix (a transition not allowed, an invalid file on disk,
    // not the ramp controller): the message says what to change first.
    case 409:
    case 400:
    case 404:
      return new CliError(EXIT.REJECTED, `${message}${problems}`);
    default:
      return new CliError(EXIT.REJECTED, `admin API answered ${res.status}: ${message}${problems}`);
  }
}
