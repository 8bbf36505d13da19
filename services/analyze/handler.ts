// POST /api/analyze — accept at once (202) and run the analysis in the background with concurrent fetches.
import type { Domain } from '../domain/domain.ts';
import type { AnalysisRunner } from '../domain/tasks/analysisRunner.ts';
import { parseInput } from '../contract/parseInput.ts';
import { handlerApp } from '../http/handlerApp.ts';
import { AnalyzeBody } from './schema.ts';

export function analyzeHandler(domain: Domain, runner: AnalysisRunner) {
  return handlerApp(domain, (app) => {
    app.post('/api/analyze', async (req, res) => {
      const taskId = await runner.submit(parseInput(AnalyzeBody, req.body, 'body'));
      res.status(202).json({ task_id: taskId, status: 'processing' });
    });
  });
}
