// `--store` / STRANGLER_STORE_URL: which control-plane store to use. Only a postgres:// (or postgresql://)
// URL is accepted; anything else is refused at start-up with one line saying what is wrong and an example.
export class StoreUrlError extends Error {
  override name = 'StoreUrlError';
}

const EXAMPLE = 'e.g. --store postgres://strangler:secret@db.internal:5432/strangler';

/** The URL as given, once it is a usable Postgres connection URL; `from` names where it came from. */
export function parseStoreUrl(raw: string, from: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new StoreUrlError(`${from}: "${redact(text)}" is not a URL — ${EXAMPLE}`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new StoreUrlError(
      `${from}: unsupported store "${url.protocol.replace(/:$/, '')}" — only postgres:// is supported (${EXAMPLE}); leave it unset for routes.yaml`,
    );
  }
  if (url.hostname === '' && !url.searchParams.has('host'))
    throw new StoreUrlError(`${from}: "${redact(text)}" names no host — ${EXAMPLE}`);
  if (url.port !== '' && !/^\d+$/.test(url.port))
    throw new StoreUrlError(`${from}: "${redact(text)}" has a bad port — ${EXAMPLE}`);
  return text;
}

/** The URL without its password, for messages and logs. */
export function redact(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return text.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}
