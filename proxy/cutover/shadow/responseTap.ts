// Copies what the proxy writes to the client (status, headers, body up to a limit) without changing or
// delaying it: res.write/res.end are wrapped to keep a copy of each chunk, then call through.
import type { ServerResponse } from 'node:http';
import { BoundedBody, flattenHeaders, type CapturedResponse } from './capturedResponse.ts';

export type TapResult =
  { kind: 'complete'; response: CapturedResponse } | { kind: 'too-large' } | { kind: 'incomplete' };

export function tapResponse(res: ServerResponse, maxBodyBytes: number): Promise<TapResult> {
  const body = new BoundedBody(maxBodyBytes);
  const keep = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    if (Buffer.isBuffer(chunk)) body.add(chunk);
    else if (chunk instanceof Uint8Array) body.add(Buffer.from(chunk));
    else body.add(Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
  };
  const write = res.write;
  const end = res.end;
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ServerResponse['write'];
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as ServerResponse['end'];

  return new Promise((resolve) => {
    res.once('close', () => {
      if (!res.writableFinished) resolve({ kind: 'incomplete' });
      else if (body.tooLarge) resolve({ kind: 'too-large' });
      // The proxy always sets x-request-id before forwarding, so writeHead's headers land in getHeaders().
      else
        resolve({
          kind: 'complete',
          response: { status: res.statusCode, headers: flattenHeaders(res.getHeaders()), body: body.bytes() },
        });
    });
  });
}
