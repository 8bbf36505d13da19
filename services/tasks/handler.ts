// GET /api/status/:task_id — poll an analysis task (tasks live in the shared store).
import type { Domain } from '../domain/domain.ts';
import { parseInput } from '../contract/parseInput.ts';
import { handlerApp } from '../http/handlerApp.ts';
import { TaskIdParams } from './schema.ts';

export function tasksHandler(domain: Domain) {
  return handlerApp(domain, (app) => {
    app.get('/api/status/:task_id', async (req, res) => {
      res.json(await domain.tasks.get(parseInput(TaskIdParams, req.params, 'path').task_id));
    });
  });
}
