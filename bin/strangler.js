#!/usr/bin/env node
// The package's bin. Runs the compiled CLI in dist/ when `npm run build` made it and no source changed
// since, else the TypeScript sources through tsx, so no build is needed while developing (why and how:
// bin/runtime.js). STRANGLER_RUNTIME=tsx|dist forces one.
import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { drainWhenParentDies, relaunchWith } from './relaunch.js';
import { CHOSEN_ENV, chooseRuntime, RuntimeChoiceError } from './runtime.js';
import { missingV8Flags, RELAUNCHED_ENV } from './v8Flags.js';

// `start` runs the proxy with the production V8 flags on node's command line (bin/v8Flags.js): relaunch
// node once when they are missing. Other commands are short-lived clients and run as they are.
const missing =
  process.argv[2] === 'start' && cluster.isPrimary && !process.env[RELAUNCHED_ENV]
    ? missingV8Flags(process.execArgv, process.env.NODE_OPTIONS)
    : [];
if (process.env[RELAUNCHED_ENV] && cluster.isPrimary) {
  delete process.env[RELAUNCHED_ENV]; // not inherited by what the proxy starts (a `strangler start` it runs relaunches itself)
  drainWhenParentDies();
}

let runtime;
try {
  // node:cluster workers re-run this file; they take their primary's choice.
  runtime = chooseRuntime(fileURLToPath(new URL('..', import.meta.url)), process.env, cluster.isWorker);
} catch (error) {
  if (!(error instanceof RuntimeChoiceError)) throw error;
  process.stderr.write(`strangler: ${error.message}\n`);
  process.exit(1);
}
process.env[CHOSEN_ENV] = runtime;

if (missing.length > 0) {
  relaunchWith(missing);
} else if (runtime === 'dist') {
  process.setSourceMapsEnabled(true); // stack traces name the .ts lines, as under tsx
  await import('../dist/proxy/cli/strangler.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../proxy/cli/strangler.ts');
}
