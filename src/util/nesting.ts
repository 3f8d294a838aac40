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
