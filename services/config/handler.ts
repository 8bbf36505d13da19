// GET/PUT /api/config — bot configuration, validated as a whole on update.
import type { Domain } from '../domain/domain.ts';
import { parseInput } from '../contract/parseInput.ts';
import { handlerApp } from '../http/handlerApp.ts';
import { ConfigUpdateBody } from './schema.ts';

export function configHandler(domain: Domain) {
  return handlerApp(domain, (app) => {
    app.get('/api/config', async (_req, res) => {
      res.json(await domain.config.getPublic());
    });
    app.put('/api/config', async (req, res) => {
      res.json(await domain.config.update(parseInput(ConfigUpdateBody, req.body, 'body')));
    });
  });
}
