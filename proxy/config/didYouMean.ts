// "did you mean `weight`?" for an unknown routes.yaml key: the closest key the schema accepts at the same
// place, when it is a plausible typo (edit distance at most 2, or 1 for short keys).
import { z } from 'zod';
import { ConfigSchema } from './types.ts';

/** The parts of the config's JSON Schema that name keys (also walked by the docs test for CONFIG.md). */
export type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

let schemaCache: JsonSchema | undefined;
/** routes.yaml's schema as JSON Schema, as a user writes it (input side: defaults optional), built once. */
export const configJsonSchema = (): JsonSchema =>
  (schemaCache ??= z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);

/** The keys an object at `path` (as zod reports it: keys and array indexes) may have. */
function keysAt(path: readonly PropertyKey[]): string[] {
  let nodes: JsonSchema[] = [configJsonSchema()];
  for (const part of path) {
    nodes = nodes.flatMap((node) => {
      const variants = [node, ...(node.anyOf ?? [])];
      if (typeof part === 'number') return variants.flatMap((v) => (v.items ? [v.items] : []));
      return variants.flatMap((v) => {
        const named = v.properties?.[String(part)];
        if (named) return [named];
        return typeof v.additionalProperties === 'object' ? [v.additionalProperties] : [];
      });
    });
  }
  return [
    ...new Set(nodes.flatMap((node) => [node, ...(node.anyOf ?? [])]).flatMap((v) => Object.keys(v.properties ?? {}))),
  ];
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}

export function suggestKey(path: readonly PropertyKey[], unknown: string): string | undefined {
  const limit = unknown.length <= 4 ? 1 : 2;
  let best: { key: string; distance: number } | undefined;
  for (const key of keysAt(path)) {
    const distance = editDistance(unknown, key);
    if (distance <= limit && (!best || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}
