// Small in-process new handlers for tests.
import type { NewHandler } from '../../proxy/forward/handlers.ts';

/** Answers `{ backend: "new", url }` as JSON. */
export const answerAsNew: NewHandler = (req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ backend: 'new', url: req.url }));
};
