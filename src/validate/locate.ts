/** Finds where a field path lies in a parsed YAML document (the nearest existing ancestor when it is missing). */
import { isMap, isNode, isScalar, type Document, type LineCounter } from "yaml";
import type { FieldPath } from "./problem.js";

export interface Position {
  line: number;
  col: number;
}

/** Where `path` lies; with `key`, `path` ends with that key and the position is the key's own. */
export function locate(doc: Document.Parsed, lines: LineCounter, fullPath: FieldPath, key?: string): Position {
  const path = key === undefined ? fullPath : fullPath.slice(0, -1);
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (!isNode(node) || !node.range) continue;
    if (n === path.length && key !== undefined && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      if (pair && isScalar(pair.key) && pair.key.range) return lines.linePos(pair.key.range[0]);
    }
    // A missing field: point at the key of its parent when the parent is a value in a map.
    if (n < path.length && n > 0) {
      const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
      const last = path[n - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
        if (pair && isScalar(pair.key) && pair.key.range) return lines.linePos(pair.key.range[0]);
      }
    }
    return lines.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}
