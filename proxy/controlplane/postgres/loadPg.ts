// node-postgres, loaded the first time a store, lease or follower connects: a proxy without `--store`
// (the usual single machine) never holds its ≈ 50 modules (issue 15, idle RSS). pg is CommonJS, so a
// synchronous require keeps the callers' constructors synchronous.
import { createRequire } from 'node:module';
import type pg from 'pg';

let loaded: typeof pg | undefined;

export function loadPg(): typeof pg {
  loaded ??= createRequire(import.meta.url)('pg') as typeof pg;
  return loaded;
}
