// Entry point of a proxy running in its own process (for measuring its memory alone). Started by
// startProxyProcess: reads the config from STRANGLER_CHILD_CONFIG, reports its URL, answers RSS queries.
import { startProxy } from './proxy.ts';

const proxy = await startProxy({
  config: JSON.parse(process.env.STRANGLER_CHILD_CONFIG ?? '{}') as Record<string, unknown>,
});
process.on('message', (message) => {
  if (message === 'rss') process.send!({ rss: process.memoryUsage().rss });
  if (message === 'close') void proxy.close().then(() => process.exit(0));
});
process.send!({ url: proxy.url });
