// README is the user's first page and links into docs/ for the rest: every relative link must resolve to a
// file in the repository, and every #anchor to a heading of that file.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const match of markdown.matchAll(/^#{1,6} (.+)$/gm)) {
    anchors.add(
      (match[1] ?? '')
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    );
  }
  return anchors;
}

function brokenLinks(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const broken: string[] = [];
  for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue; // http(s):, mailto: — outside the repository
    const [path, anchor] = target.split('#');
    const resolved = path ? join(dirname(file), path) : file;
    if (!existsSync(resolved)) broken.push(`${file}: ${target} (no such file)`);
    else if (anchor && resolved.endsWith('.md') && !anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) {
      broken.push(`${file}: ${target} (no heading #${anchor})`);
    }
  }
  return broken;
}

describe('documentation links', () => {
  it('README links into docs/ and every link resolves', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toMatch(/\]\(docs\/[A-Z]+\.md\)/);
    expect(brokenLinks('README.md')).toEqual([]);
  });

  it('links between the docs/ pages resolve', () => {
    const pages = ['CONFIG', 'FORWARDING', 'ADMIN', 'CUTOVER', 'OPERATIONS', 'BENCHMARKS'].map(
      (name) => `docs/${name}.md`,
    );
    expect(pages.flatMap(brokenLinks)).toEqual([]);
  });
});
