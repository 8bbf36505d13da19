// A small JSON client for the services tests: real HTTP, status + parsed body.
export interface ApiAnswer {
  status: number;
  body: unknown;
}

export async function callApi(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Polls GET /api/status/:id until the task leaves `processing`; returns the final body. */
export async function pollTask(
  baseUrl: string,
  taskId: string,
  timeoutMs = 20_000,
  intervalMs = 20,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { status, body } = await callApi(baseUrl, 'GET', `/api/status/${taskId}`);
    if (status !== 200) throw new Error(`polling ${taskId} answered ${status}: ${JSON.stringify(body)}`);
    if ((body as { status: string }).status !== 'processing') return body as Record<string, unknown>;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`task ${taskId} still processing after ${timeoutMs} ms`);
}

export const SAMPLE_ANALYSIS = {
  positions: { AAPL: 10, MSFT: 5, NVDA: 20 },
  start_date: '2024-01-01',
  end_date: '2024-12-31',
  risk_tolerance: 'moderate',
} as const;
