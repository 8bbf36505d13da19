// strangler init --legacy URL [--from-openapi FILE|URL] [--new-url URL] [--out routes.yaml] [--force]:
// writes a routes.yaml for the user's own service — no demo handlers — validated before it is written.
import { readFile, writeFile } from 'node:fs/promises';
import { Document, isMap, isSeq, parse } from 'yaml';
import { formatProblems } from '../../config/errors.ts';
import { routesFromOpenApi, type InitRoute } from '../../config/openapiRoutes.ts';
import { validateConfigText } from '../../config/validate.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, EXIT } from '../exitCodes.ts';

export const INIT_USAGE =
  'init --legacy <url> [--from-openapi <file|url>] [--new-url <url>] [--out routes.yaml] [--force]  write a routes.yaml for your own API';
const USAGE = `strangler ${INIT_USAGE}`;
/** Where new implementations are assumed to listen until the user says otherwise; nothing goes there at weight 0. */
const DEFAULT_NEW_URL = 'http://127.0.0.1:7000';
const FETCH_TIMEOUT_MS = 10_000;

export async function initCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      legacy: { type: 'string' },
      'from-openapi': { type: 'string' },
      'new-url': { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (!values.legacy)
    throw new CliError(
      EXIT.USAGE,
      `--legacy is required: the base URL of your service, e.g. --legacy http://127.0.0.1:5000\nusage: ${USAGE}`,
    );
  const out = values.out ?? 'routes.yaml';
  const newUrl = values['new-url'] ?? DEFAULT_NEW_URL;
  const { routes, skipped } = values['from-openapi']
    ? routesFromOpenApi(await readOpenApi(values['from-openapi']), newUrl)
    : { routes: [], skipped: [] };
  const text = routesYamlText(values.legacy, routes, values['from-openapi']);
  const result = validateConfigText(text, { handlerNames: new Set() });
  if (!result.ok) {
    console.error(formatProblems(out, result.problems));
    return EXIT.REJECTED;
  }
  await writeFile(out, text, { flag: values.force ? 'w' : 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST')
      throw new CliError(EXIT.REJECTED, `${out} exists — pass --force to overwrite it, or --out another file`);
    throw new CliError(EXIT.USAGE, `cannot write ${out} (${error.code ?? error.message})`);
  });
  for (const reason of skipped) console.error(`skipped ${reason}`);
  console.log(
    `${out}: ${routes.length} route(s) at weight 0 in phase legacy, legacy ${values.legacy} — check it with strangler validate ${out}, then strangler start --config ${out}`,
  );
  return EXIT.OK;
}

async function readOpenApi(source: string): Promise<unknown> {
  let text: string;
  try {
    text = /^https?:\/\//.test(source) ? await fetchText(source) : await readFile(source, 'utf8');
  } catch (error) {
    const cause = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(
      EXIT.USAGE,
      `cannot read the OpenAPI document ${source} (${cause}) — pass a file path or an http(s) URL`,
    );
  }
  try {
    return parse(text);
  } catch (error) {
    throw new CliError(EXIT.REJECTED, `${source} is neither JSON nor YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
}

function routesYamlText(legacyUrl: string, routes: InitRoute[], source: string | undefined): string {
  const header = [
    `# routes.yaml for Strangler, written by strangler init${source ? ` from ${source}` : ''}.`,
    '# Every route starts at weight 0 in phase legacy: all of its traffic still goes to legacy.',
    "# new.url is where the endpoint's new implementation will listen; nothing is sent there before you",
    '# move the route to shadow or canary (strangler phase / strangler shift). Unrouted paths go to legacy.',
    '# Reference: docs/CONFIG.md.',
  ].join('\n');
  const document = new Document({ backends: { legacy: { url: legacyUrl } }, routes });
  // One line for each route's match and new, as in the shipped routes.yaml.
  const routeNodes = document.getIn(['routes'], true);
  for (const route of isSeq(routeNodes) ? routeNodes.items : []) {
    for (const key of ['match', 'new']) {
      const node = isMap(route) ? route.get(key, true) : undefined;
      if (isMap(node)) node.flow = true;
    }
  }
  return `${header}\n${document.toString({ lineWidth: 0 })}`;
}
