// Finds where a dotted path lives in the YAML text, so every problem can name its line and column.
import { isMap, isNode, isScalar, type Document, type LineCounter } from 'yaml';

export type Locator = (path: readonly PropertyKey[], options?: { key?: boolean }) => { line?: number; column?: number };

/** A locator for values that did not come from a file (admin API edits): no positions. */
export const noLocation: Locator = () => ({});

export function yamlLocator(doc: Document, lineCounter: LineCounter): Locator {
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return (path, options = {}) => {
    if (options.key && path.length > 0) {
      // An unknown key is reported at the key itself, not at its value.
      const parent = doc.getIn(path.slice(0, -1), true);
      const name = path[path.length - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === name);
        if (pair && isNode(pair.key) && pair.key.range) return at(pair.key.range[0]);
      }
    }
    // Walk up until a node exists: a missing key is reported where its parent is.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return at(node.range[0]);
    }
    return {};
  };
}
