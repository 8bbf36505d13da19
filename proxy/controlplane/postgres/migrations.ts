// Versioned schema migrations of the Postgres control-plane store; each runs once, in order, inside one
// transaction holding an advisory lock, so replicas starting together never run one twice. Append-only:
// a shipped migration is never edited; a change is a new entry at the end.
import type pg from 'pg';

const MIGRATION_LOCK = 7_140_001;

export const MIGRATIONS: readonly string[] = [
  `create table strangler_route_tables (
     version bigint primary key,
     text text not null,
     hash text not null,
     created_at timestamptz not null default now()
   );
   create table strangler_audit (
     id bigserial primary key,
     table_version bigint not null unique references strangler_route_tables (version),
     entry jsonb not null
   );`,
  // 2: the ramp controller's state (one JSON document, the same shape as <config>.ramp.json).
  `create table strangler_ramp_state (
     id smallint primary key check (id = 1),
     doc text not null,
     updated_at timestamptz not null default now()
   );`,
  // 3: the elected controllers' leases (ramp: one row). The term only grows; a write fenced by a term
  // commits only while that term is live. The ramp controller's state document lives in the same row, so
  // saving it and checking the term are one statement.
  `create table strangler_leases (
     name text primary key,
     holder text not null,
     term bigint not null,
     expires_at timestamptz not null,
     state text
   );`,
  // 4: every replica's 10 s stats buckets (its own counts, rewritten whole while the bucket fills); the
  // gates, status, compare, report and the dashboard read the sum over replicas.
  `create table strangler_stats_buckets (
     replica text not null,
     route text not null,
     backend text not null,
     bucket_start bigint not null,
     requests integer not null,
     errors integer not null,
     latency jsonb not null,
     updated_at timestamptz not null default now(),
     primary key (replica, route, backend, bucket_start)
   );
   create index strangler_stats_buckets_start on strangler_stats_buckets (bucket_start);`,
  // 5: every replica's discover table (traffic no route matched, by method and path template; at most the
  // template cap per replica); GET /admin/discover reads the sum over replicas. Stale rows expire by updated_at.
  `create table strangler_discover (
     replica text not null,
     method text not null,
     template text not null,
     requests integer not null,
     errors integer not null,
     total_ms double precision not null,
     latency jsonb not null,
     first_seen bigint not null,
     last_seen bigint not null,
     updated_at timestamptz not null default now(),
     primary key (replica, method, template)
   );
   create index strangler_discover_updated on strangler_discover (updated_at);`,
];

export async function migrate(client: pg.ClientBase): Promise<void> {
  await client.query('begin');
  try {
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'create table if not exists strangler_schema_migrations (version integer primary key, applied_at timestamptz not null default now())',
    );
    const { rows } = await client.query<{ v: number | null }>(
      'select max(version) as v from strangler_schema_migrations',
    );
    for (let version = (rows[0]?.v ?? 0) + 1; version <= MIGRATIONS.length; version++) {
      await client.query(MIGRATIONS[version - 1]!);
      await client.query('insert into strangler_schema_migrations (version) values ($1)', [version]);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
