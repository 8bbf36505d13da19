// An upstream that records every request it received (method, url, headers, body) and whether the
// proxy aborted it, so tests can assert what did — and did not — reach legacy.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { startUpstream, type TestUpstream } from './upstream.ts';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  /** The connection closed before the request body and response were complete. */
  aborted: boolean;
}

export type RecordingUpstream = TestUpstream & { seen: SeenRequest[] };

export type Responder = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => void;

/** By default answers 200 with the body length; pass a responder to answer otherwise. */
export async function startRecordingUpstream(respond?: Responder): Promise<RecordingUpstream> {
  const seen: SeenRequest[] = [];
  const upstream = await startUpstream((req, res) => {
    const entry: SeenRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body: Buffer.alloc(0),
      aborted: false,
    };
    seen.push(entry);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => (entry.body = Buffer.concat(chunks)));
    res.on('close', () => {
      if (!res.writableFinished) entry.aborted = true;
    });
    if (respond) respond(req, res, entry);
    else req.on('end', () => res.end(`received ${entry.body.length} bytes`));
  });
  return Object.assign(upstream, { seen });
}
