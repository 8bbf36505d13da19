// docs/CONFIG.md is the routes.yaml reference; the zod schema is the source of truth. Every field the schema
// accepts must be named in the reference (or, for the cutover blocks, in docs/CUTOVER.md), so a field added
// to the schema without documentation fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, type JsonSchema } from '../../../proxy/config/didYouMean.ts';

/** Dotted paths of every object key in the schema: `routes[].shadow.sampleRate`, `backends.upstreams.<name>.url`. */
function fieldPaths(schema: JsonSchema, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    paths.push(path, ...fieldPaths(child, path));
  }
  if (schema.items) paths.push(...fieldPaths(schema.items, `${prefix}[]`));
  if (typeof schema.additionalProperties === 'object')
    paths.push(...fieldPaths(schema.additionalProperties, `${prefix}.<name>`));
  for (const variant of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) paths.push(...fieldPaths(variant, prefix));
  return [...new Set(paths)];
}

const docs = ['docs/CONFIG.md', 'docs/CUTOVER.md'].map((file) => readFileSync(file, 'utf8')).join('\n');

/** A field is documented when its last key appears as code: `key`, `….key`, or `key:` in a YAML example. */
function isDocumented(path: string): boolean {
  const key = path.split('.').at(-1)!.replace('[]', '');
  const escaped = key.replace(/[.*+?^${}()|[\]\\<>]/g, '\\$&');
  return new RegExp(`\`([^\`\\s]*\\.)?${escaped}\`|\\b${escaped}:`).test(docs);
}

describe('the routes.yaml reference', () => {
  const paths = fieldPaths(configJsonSchema());

  it('reads a realistic number of fields from the schema', () => {
    expect(paths).toContain('backends.legacy.url');
    expect(paths).toContain('routes[].ramp.gates.maxP99Ratio');
    expect(paths.length).toBeGreaterThan(40);
  });

  it('names every field the schema accepts', () => {
    expect(paths.filter((path) => !isDocumented(path))).toEqual([]);
  });
});
