import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { MAX_FLOW_NESTING, flowNestingDepth, isCyclic } from '../../src/util/nesting.js';

describe('flowNestingDepth', () => {
  test.each([
    ['a: 1', 0],
    ['{"a": [1, {"b": [2]}]}', 4],
    ['a: "[[[[["', 0],
    ["a: '[[[' # [[[[", 0],
    ['a: "\\"[["', 0],
    [`x: ${'['.repeat(100_000)}`, 100_000],
  ])('flowNestingDepth(%j) = %i', (text, depth) => {
    expect(flowNestingDepth(text)).toBe(depth);
  });

  test('real config files nest far below the limit', () => {
    expect(flowNestingDepth(JSON.stringify({ imageTypes: [{ type: 'log', riesz: [1, 0, 0] }], resampling: { spacing: [1, 1, 1] } }))).toBeLessThan(MAX_FLOW_NESTING);
  });
});

describe('isCyclic', () => {
  test('isCyclic(a YAML alias inside its own anchor) is true', () => {
    expect(isCyclic(parse('a: &x [1, *x]'))).toBe(true);
  });

  test('isCyclic(a shared but acyclic alias) is false', () => {
    expect(isCyclic(parse('a: &x [1, 2]\nb: [*x, *x]'))).toBe(false);
  });

  test.each([null, 1, 'text', [], {}])('isCyclic(%j) is false', (v) => {
    expect(isCyclic(v)).toBe(false);
  });
});
