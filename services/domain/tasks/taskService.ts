// Background tasks in the shared store, so a task created through one backend can be polled through the other.
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors.ts';
import type { Store } from '../store/store.ts';

export type TaskView =
  { status: 'processing' } | { status: 'complete'; result: unknown } | { status: 'failed'; error: string };

interface TaskRow {
  status: TaskView['status'];
  result: unknown;
  error: string | null;
}

export class TaskService {
  constructor(private readonly store: Store) {}

  async create(): Promise<string> {
    const id = randomUUID();
    await this.store.query(`insert into tasks (id, status) values ($1, 'processing')`, [id]);
    return id;
  }

  async get(id: string): Promise<TaskView> {
    const [row] = await this.store.query<TaskRow>('select status, result, error from tasks where id = $1', [id]);
    if (!row) throw new NotFoundError(`Task ${id} not found`);
    if (row.status === 'complete') return { status: 'complete', result: row.result };
    if (row.status === 'failed') return { status: 'failed', error: row.error ?? 'unknown error' };
    return { status: 'processing' };
  }

  async complete(id: string, result: unknown): Promise<void> {
    await this.store.query(`update tasks set status = 'complete', result = $2, updated_at = now() where id = $1`, [
      id,
      JSON.stringify(result),
    ]);
  }

  async fail(id: string, error: string): Promise<void> {
    await this.store.query(`update tasks set status = 'failed', error = $2, updated_at = now() where id = $1`, [
      id,
      error,
    ]);
  }

  async countsByStatus(): Promise<Record<string, number>> {
    const rows = await this.store.query<{ status: string; n: number }>(
      'select status, count(*)::int as n from tasks group by status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}
