// ETag / If-Match values are the config hash, sent quoted as HTTP requires; bare hashes are accepted too.
export function etagOf(hash: string): string {
  return `"${hash}"`;
}

export function hashFromIfMatch(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  return header
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
}
