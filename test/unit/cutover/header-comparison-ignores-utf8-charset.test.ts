import { describe, expect, it } from 'vitest';
import { compareResponses } from '../../../proxy/cutover/shadow/compareResponses.ts';

const response = (contentType: string) => ({
  status: 200,
  headers: { 'content-type': contentType },
  body: Buffer.from('{"a":1}'),
});
const rules = {
  compareHeaders: ['Content-Type'],
  ignoredHeaders: new Set<string>(),
  isIgnored: () => false,
  maxBodyBytes: 1024,
};

describe('comparing the content-type header', () => {
  it('treats an explicit utf-8 charset as the same media type', () => {
    expect(
      compareResponses(response('application/json'), response('application/json; charset=UTF-8'), rules).differences,
    ).toEqual([]);
  });

  it('still reports a different media type or charset', () => {
    const paths = (a: string, b: string) =>
      compareResponses(response(a), response(b), rules).differences.map(
        (d) => `${d.path} ${String(d.legacy)} ${String(d.new)}`,
      );
    expect(paths('application/json', 'text/plain')).toEqual(['header:content-type application/json text/plain']);
    expect(paths('text/plain; charset=utf-8', 'text/plain; charset=latin1')).toEqual([
      'header:content-type text/plain text/plain;charset=latin1',
    ]);
  });
});
