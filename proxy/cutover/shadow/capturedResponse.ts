// A response held in memory for comparison: status, lower-cased headers and a body bounded in size.
import zlib from 'node:zlib';

export interface CapturedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Collects chunks up to `limit` bytes; past it the body is marked too large and dropped. */
export class BoundedBody {
  private chunks: Buffer[] = [];
  private size = 0;
  tooLarge = false;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    if (this.tooLarge) return;
    this.size += chunk.length;
    if (this.size > this.limit) {
      this.tooLarge = true;
      this.chunks = [];
      return;
    }
    this.chunks.push(chunk);
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export function flattenHeaders(
  headers: Record<string, string | string[] | number | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/**
 * The body as the client would read it: gzip, deflate and br are undone (the client's Accept-Encoding may
 * have made legacy compress while new was asked for identity). `maxBytes` caps the inflated size.
 */
export function decodedBody(response: CapturedResponse, maxBytes: number): Buffer {
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const options = { maxOutputLength: Math.max(maxBytes, 1) };
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzipSync(response.body, options);
  if (encoding === 'deflate') return zlib.inflateSync(response.body, options);
  if (encoding === 'br') return zlib.brotliDecompressSync(response.body, options);
  return response.body;
}
