// Schema migrations, the same for PGlite and Postgres; each runs once, under a lock, inside a transaction.
import type { Store } from './store.ts';

const MIGRATIONS: readonly string[] = [
  `create table bot_config (
     id integer primary key check (id = 1),
     doc json not null,
     updated_at timestamptz not null default now()
   );
   create table balances (
     asset text primary key,
     free double precision not null,
     locked double precision not null default 0
   );
   create table positions (
     symbol text primary key,
     quantity double precision not null,
     entry_price double precision not null
   );
   create table orders (
     id serial primary key,
     symbol text not null,
     side text not null,
     type text not null,
     quantity double precision not null,
     price double precision,
     status text not null,
     filled_price double precision,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   );
   create index orders_status_symbol_idx on orders (status, symbol);
   create table tasks (
     id text primary key,
     status text not null,
     result json,
     error text,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   );`,
];

/** Any constant both the proxy and the services agree on; only migrations take this advisory lock. */
const MIGRATION_LOCK_KEY = 1_408_140_001;

/**
 * Applies what is missing, all in one transaction that first takes a transaction-scoped advisory lock:
 * every worker (and every replica) opening one Postgres migrates at start, and the lock makes the others
 * wait and then find the work done, instead of racing on `create table` (a duplicate pg_type error).
 */
export async function migrate(store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(
      'create table if not exists schema_migrations (version integer primary key, applied_at timestamptz not null default now())',
    );
    const applied = new Set(
      (await tx.query<{ version: number }>('select version from schema_migrations')).map((r) => r.version),
    );
    for (const [index, sql] of MIGRATIONS.entries()) {
      const version = index + 1;
      if (applied.has(version)) continue;
      for (const statement of sql
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean))
        await tx.query(statement);
      await tx.query('insert into schema_migrations (version) values ($1)', [version]);
    }
  });
}
