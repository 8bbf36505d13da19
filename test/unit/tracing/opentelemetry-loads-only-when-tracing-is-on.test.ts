// Tracing off costs nothing: OpenTelemetry is imported by one file (proxy/tracing/otelTracer.ts), which
// nothing imports statically — requestTracer.ts loads it with import() only when routes.yaml has
// `tracing:`. And the W3C traceparent parser follows the spec's rules for what to ignore.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTracer } from '../../../proxy/tracing/requestTracer.ts';
import { formatTraceparent, parseTraceparent } from '../../../proxy/tracing/traceContext.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}
const files = [...sources('proxy'), ...sources('services')].map((file) => ({
  file,
  text: readFileSync(path.join(REPO, file), 'utf8'),
}));
const STATIC_IMPORT = (specifier: string) => new RegExp(`^\\s*(import|export)\\b[^;]*?from\\s+['"]${specifier}`, 'm');

describe('OpenTelemetry is loaded only with tracing on', () => {
  it('one file imports @opentelemetry, and no file imports that one statically', () => {
    expect(files.filter(({ text }) => STATIC_IMPORT('@opentelemetry/').test(text)).map(({ file }) => file)).toEqual([
      path.join('proxy', 'tracing', 'otelTracer.ts'),
    ]);
    expect(
      files.filter(({ text }) => STATIC_IMPORT('[./]*[^\'"]*otelTracer\\.ts').test(text)).map(({ file }) => file),
    ).toEqual([]);
    const loader = files.find(({ file }) => file.endsWith(path.join('tracing', 'requestTracer.ts')))!.text;
    expect(loader).toMatch(/await import\('\.\/otelTracer\.ts'\)/);
  });

  it('without a tracing config the loader returns nothing (no tracing pass runs)', async () => {
    expect(await loadTracer(undefined)).toBeUndefined();
  });
});

describe('traceparent parsing (W3C Trace Context)', () => {
  const valid = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('reads a valid header and writes it back unchanged', () => {
    const parsed = parseTraceparent(valid);
    expect(parsed).toEqual({
      version: '00',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentId: '00f067aa0ba902b7',
      flags: '01',
    });
    expect(formatTraceparent(parsed!)).toBe(valid);
  });

  it.each([
    ['upper-case hex', valid.toUpperCase()],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['extra fields on version 00', `${valid}-extra`],
    ['a short trace id', '00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01'],
  ])('ignores %s', (_why, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });

  it('ignores a repeated header and accepts a future version with extra fields', () => {
    expect(parseTraceparent([valid, valid])).toBeUndefined();
    expect(parseTraceparent(`01-${valid.slice(3)}-future`)).toMatchObject({ version: '01', flags: '01' });
  });
});
