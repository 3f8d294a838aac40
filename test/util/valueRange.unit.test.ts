import { describe, expect, test } from 'vitest';
import { CHUNK, valueRange } from '../../src/util/valueRange.js';
import { mulberry32 } from '../../src/util/random.js';

describe('valueRange', () => {
  test('valueRange(Float64Array.of(3, -1, 2)) is [-1, 3]', () => {
    expect(valueRange(Float64Array.of(3, -1, 2))).toEqual([-1, 3]);
  });

  test('valueRange(empty) is [Infinity, -Infinity]', () => {
    expect(valueRange(new Float64Array(0))).toEqual([Infinity, -Infinity]);
  });

  test('NaN is ignored, as `<` and `>` ignore it', () => {
    expect(valueRange(Float64Array.of(NaN, 5, NaN, -2))).toEqual([-2, 5]);
    expect(valueRange(Float64Array.of(NaN))).toEqual([Infinity, -Infinity]);
  });

  test('across chunk boundaries: the same as one scan, extremes in the first, a middle and the last chunk', () => {
    const n = 3 * CHUNK + 17;
    const rng = mulberry32(7);
    const values = Float64Array.from({ length: n }, () => rng() * 100 - 50);
    for (const [at, v] of [[0, -1000], [CHUNK, 1000], [n - 1, -2000], [CHUNK - 1, 2000]] as const) {
      const x = values.slice();
      x[at] = v;
      let min = Infinity;
      let max = -Infinity;
      for (const y of x) {
        if (y < min) min = y;
        if (y > max) max = y;
      }
      expect(valueRange(x)).toEqual([min, max]);
    }
  });
});
