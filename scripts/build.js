#!/usr/bin/env node
// `npm run build`: proxy/ and services/ compiled to dist/ for production runs (no tsx at run time).
// 1. removes dist/.build-stamp, so nothing runs dist/ while it is being rewritten;
// 2. tsc -p tsconfig.build.json (incremental: a rebuild recompiles only what changed);
// 3. copies the non-TypeScript files the code reads next to itself (ASSETS) to the same place in dist/;
// 4. writes the stamp last, dated when step 2 started, so a source edited during the build makes dist/
//    stale. bin/runtime.js runs dist/ only when the stamp exists and no source is newer than it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILED_CLI, DIST_DIR, STAMP_FILE } from '../bin/runtime.js';

/** Read at run time relative to the reading module (`import.meta.url`); grep for it when adding one. */
const ASSETS = ['proxy/admin/dashboard/static'];

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, DIST_DIR);
const stamp = path.join(dist, STAMP_FILE);
const started = Date.now();

rmSync(stamp, { force: true });
// tsc's incremental state says nothing about deleted outputs: without the CLI, compile everything.
if (!existsSync(path.join(dist, COMPILED_CLI))) rmSync(path.join(dist, '.tsbuildinfo'), { force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) {
  process.stderr.write(
    `build: tsc failed (exit ${compiled.status ?? compiled.signal}); ${DIST_DIR}/ is left without a stamp, so it will not run\n`,
  );
  process.exit(1);
}
for (const asset of ASSETS) {
  const target = path.join(dist, asset);
  rmSync(target, { recursive: true, force: true });
  cpSync(path.join(root, asset), target, { recursive: true });
}
mkdirSync(dist, { recursive: true });
writeFileSync(
  stamp,
  `${JSON.stringify({ sourcesAsOf: new Date(started).toISOString(), builtAt: new Date().toISOString() })}\n`,
);
utimesSync(stamp, new Date(started), new Date(started));
process.stdout.write(`build: ${DIST_DIR}/ ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
