// Idle RSS (issue 15): node-postgres and ws are loaded when first used (controlplane/postgres/loadPg.ts,
// forward/websocket.ts → websocketRelay.ts), not at start. A runtime `import … from 'pg'` or `'ws'` anywhere
// else in proxy/ undoes that for every proxy, so only type imports are allowed outside the lazy modules.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PROXY = fileURLToPath(new URL('../../../proxy', import.meta.url));
/** The modules that are themselves only loaded on first use, and so may import the package. */
const LAZY: Record<string, string[]> = {
  pg: [],
  ws: ['forward/websocketRelay.ts', 'forward/websocketPipe.ts'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function runtimeImportersOf(pkg: string): string[] {
  const runtimeImport = new RegExp(`^import (?!type )[^;]*?from '${pkg}';`, 'ms');
  return sourceFiles(PROXY)
    .filter((file) => runtimeImport.test(readFileSync(file, 'utf8')))
    .map((file) => relative(PROXY, file));
}

describe('packages a proxy without a store or WebSockets never needs', () => {
  for (const [pkg, allowed] of Object.entries(LAZY)) {
    it(`'${pkg}' is imported at runtime only by ${allowed.join(', ') || 'loadPg.ts (createRequire)'}`, () => {
      expect(runtimeImportersOf(pkg).sort()).toEqual([...allowed].sort());
    });
  }
});
