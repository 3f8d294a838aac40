/**
 * Nesting depth of the flow collections ([ ] and { }) of a JSON or YAML text, in one linear pass, so a
 * hostile file ("[[[[..." 10^5 deep) is refused before a recursive parser spends seconds and hundreds of
 * megabytes on it, or overflows its stack. Brackets inside double- or single-quoted strings and after a
 * '#' comment mark (YAML) are not counted; backslash escapes are honoured in double quotes.
 */
export function flowNestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== '') {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\n' || text[i - 1] === '\t')) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return max;
}

/** Deepest flow nesting a config or parameter file may have: real ones nest 3 or 4 levels. */
export const MAX_FLOW_NESTING = 64;

/**
 * Whether a parsed document contains itself: a YAML alias inside its own anchor (`a: &x [*x]`) parses
 * to a cyclic structure, which later code (JSON.stringify in a message, a recursive walk) cannot take.
 * Depth-first over objects and arrays with the path of ancestors, without recursion.
 */
export function isCyclic(doc: unknown): boolean {
  if (doc === null || typeof doc !== 'object') return false;
  const onPath = new Set<object>();
  const stack: { node: object; children: unknown[]; next: number }[] = [{ node: doc, children: Object.values(doc), next: 0 }];
  onPath.add(doc);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next === top.children.length) {
      onPath.delete(top.node);
      stack.pop();
      continue;
    }
    const child = top.children[top.next++];
    if (child === null || typeof child !== 'object') continue;
    if (onPath.has(child)) return true;
    onPath.add(child);
    stack.push({ node: child, children: Object.values(child), next: 0 });
  }
  return false;
}
