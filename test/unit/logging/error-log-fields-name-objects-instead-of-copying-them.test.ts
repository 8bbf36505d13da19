// proxy/logging/errorSerializer.ts: an error logged as `err` keeps its message, stack and plain fields, but an
// object hanging off it (a pg error's client, with its socket and queues) is named, not copied into the line.
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { boundedErr } from '../../../proxy/logging/errorSerializer.ts';

class Client {
  connection = { buffer: 'x'.repeat(200_000), queue: [{ text: 'SELECT 1' }] };
}

function logged(error: unknown): { line: string; err: Record<string, unknown> } {
  let line = '';
  const sink = new Writable({ write: (chunk, _encoding, done) => void ((line += String(chunk)), done()) });
  pino({ serializers: { err: boundedErr } }, sink).error({ err: error }, 'lost');
  return { line, err: (JSON.parse(line) as { err: Record<string, unknown> }).err };
}

describe('the err serializer', () => {
  it('names an object field and keeps the plain ones, so the line stays small', () => {
    const error = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
      severity: 'FATAL',
      client: new Client(),
    });
    const { line, err } = logged(error);
    expect(err).toMatchObject({ type: 'Error', code: '57P01', severity: 'FATAL', client: '[Client]' });
    expect(err.message).toBe('terminating connection due to administrator command');
    expect(String(err.stack)).toContain('error-log-fields-name-objects');
    expect(line.length).toBeLessThan(4_000);
  });

  it('bounds an error held in a field and each error of an AggregateError the same way', () => {
    const inner = Object.assign(new Error('refused'), { code: 'ECONNREFUSED', socket: new Client() });
    const { err } = logged(Object.assign(new AggregateError([inner], 'all failed'), { last: inner }));
    const [first] = err.aggregateErrors as Array<Record<string, unknown>>;
    expect(first).toMatchObject({ message: 'refused', code: 'ECONNREFUSED', socket: '[Client]' });
    expect(err.last).toMatchObject({ message: 'refused', socket: '[Client]' });
  });

  it('keeps a cause in the message and stack, as pino does', () => {
    const { err } = logged(new Error('query failed', { cause: new Error('socket hang up') }));
    expect(err.message).toBe('query failed: socket hang up');
    expect(String(err.stack)).toContain('caused by: Error: socket hang up');
  });

  it('passes a value that is not an error through', () => {
    expect(boundedErr('just text')).toBe('just text');
    expect(logged({ reason: 'x' }).err).toEqual({ reason: 'x' });
  });
});
