// Template inference: any identifier value gives the same template; paths made of endpoint names keep
// their own template, so two different endpoints never merge.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIdentifierSegment, MAX_TEMPLATE_SEGMENTS, templateOf } from '../../../proxy/discover/pathTemplate.ts';

const SETTINGS = { seed: 1616, numRuns: 2_000 };

const hexChar = fc.constantFrom(...'0123456789abcdefABCDEF');
const tokenChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-');
/** Every kind of identifier the inference promises to collapse, of any value. */
const identifier = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
  fc.uuid(),
  fc.array(hexChar, { minLength: 16, maxLength: 64 }).map((chars) => chars.join('')),
  fc.array(tokenChar, { minLength: 32, maxLength: 80 }).map((chars) => chars.join('')),
  fc
    .tuple(fc.array(tokenChar, { minLength: 23, maxLength: 40 }), fc.integer({ min: 0, max: 9 }))
    .map(([chars, digit]) => `${chars.join('')}${digit}`),
  fc
    .date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
);
/** Endpoint names: lowercase words, maybe kebab- or snake-joined, as APIs name their resources. */
const word = fc.stringMatching(/^[a-z]{1,10}$/);
const name = fc.oneof(
  word,
  fc.tuple(word, word).map(([a, b]) => `${a}-${b}`),
  fc.tuple(word, word).map(([a, b]) => `${a}_${b}`),
);
/** A path shape: each position a name or an identifier slot. */
const shape = fc.array(fc.oneof(name, fc.constant(null)), { minLength: 1, maxLength: MAX_TEMPLATE_SEGMENTS });

function fill(slots: ReadonlyArray<string | null>, ids: readonly string[]): string {
  return `/${slots.map((slot, i) => slot ?? ids[i % ids.length]!).join('/')}`;
}

describe('path template inference', () => {
  it('gives the same template for identifiers of any value in the same places', () => {
    fc.assert(
      fc.property(
        shape,
        fc.array(identifier, { minLength: 1, maxLength: 4 }),
        fc.array(identifier, { minLength: 1, maxLength: 4 }),
        (slots, a, b) => {
          const template = templateOf(fill(slots, a));
          expect(templateOf(fill(slots, b))).toBe(template);
          expect(template.split('/').filter((s) => s === ':param')).toHaveLength(
            slots.filter((s) => s === null).length,
          );
        },
      ),
      SETTINGS,
    );
  });

  it('keeps distinct endpoint templates distinct', () => {
    fc.assert(
      fc.property(shape, shape, fc.array(identifier, { minLength: 1, maxLength: 3 }), (left, right, ids) => {
        fc.pre(JSON.stringify(left) !== JSON.stringify(right));
        expect(templateOf(fill(left, ids))).not.toBe(templateOf(fill(right, ids)));
      }),
      SETTINGS,
    );
  });

  it('is idempotent: a template is its own template (workers send templates to the primary)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(name, identifier), { minLength: 1, maxLength: 20 }), (segments) => {
        const template = templateOf(`/${segments.join('/')}`);
        expect(templateOf(template)).toBe(template);
      }),
      SETTINGS,
    );
  });

  it('collapses the documented kinds and keeps ordinary names', () => {
    expect(templateOf('/users/42/orders/550e8400-e29b-41d4-a716-446655440000')).toBe('/users/:param/orders/:param');
    expect(templateOf('/commits/9f1c2b7a/files')).toBe('/commits/:param/files');
    expect(templateOf('/reports/2024-01-31')).toBe('/reports/:param');
    expect(templateOf('/api/v2/status/')).toBe('/api/v2/status/');
    for (const literal of ['deadline', 'facade', 'v1', 'me', 'user-settings', 'internationalization'])
      expect(isIdentifierSegment(literal)).toBe(false);
    expect(templateOf(`/${Array.from({ length: 20 }, (_, i) => `s${i}`).join('/')}`)).toBe(
      `/${Array.from({ length: MAX_TEMPLATE_SEGMENTS }, (_, i) => `s${i}`).join('/')}/*`,
    );
  });
});
