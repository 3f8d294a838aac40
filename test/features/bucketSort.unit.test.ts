/** bucketSortedInto(out, values, scratch): the built-in sort's order, bit for bit, whatever the values. */
import { describe, expect, test } from 'vitest';
import { bucketSortedInto } from '../../src/features/bucketSort.js';
import { MatrixScratch } from '../../src/features/matrixScratch.js';
import { rng } from '../helpers/random.js';

/** Same length and the same double at every index, -0 and +0 told apart (Object.is). */
const sameBits = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe('bucketSortedInto(out, values, scratch)', () => {
  const r = rng(33);
  const cases: [string, Float64Array][] = [
    ['integer intensities of a 5^3 kernel', Float64Array.from({ length: 125 }, () => 468 + Math.floor(800 * r()))],
    ['float32 intensities', Float64Array.from(Float32Array.from({ length: 100 }, () => 1000 * r() - 500))],
    ['doubles over 20 decades, both signs', Float64Array.from({ length: 120 }, () => (r() - 0.5) * 10 ** (20 * r() - 10))],
    ['a few distinct values, many repeats', Float64Array.from({ length: 125 }, () => Math.floor(4 * r()) + 7)],
    ['bunched values and one far outlier (the built-in sort takes over)', Float64Array.from({ length: 125 }, (_, i) => (i === 60 ? 1e12 : 100 + r()))],
    ['descending', Float64Array.from({ length: 125 }, (_, i) => 200 - i)],
    ['+-0 among others', Float64Array.from({ length: 50 }, (_, i) => [0, -0, 3, -2, 1][i % 5])],
    ['NaN and infinities', Float64Array.from({ length: 50 }, (_, i) => [NaN, Infinity, -Infinity, 2, -7][i % 5])],
    ['extremes whose range overflows', Float64Array.from({ length: 30 }, (_, i) => [Number.MAX_VALUE, -Number.MAX_VALUE, 1, 5e-324][i % 4])],
    ['one value repeated', new Float64Array(40).fill(-2.5)],
    ['two values', Float64Array.of(3, 1)],
    ['one value', Float64Array.of(-0)],
    ['none', new Float64Array(0)],
  ];
  test.each(cases)('bucketSortedInto(%s) equals Float64Array.prototype.sort bit for bit', (_name, values) => {
    const scratch = new MatrixScratch();
    const copy = Float64Array.from(values);
    const out = new Float64Array(values.length);
    expect(bucketSortedInto(out, values, scratch)).toBe(out);
    expect(sameBits(out, Float64Array.from(values).sort())).toBe(true);
    expect(sameBits(values, copy)).toBe(true); // input untouched
  });

  test('bucketSortedInto reuses its scratch from one set to the next', () => {
    const scratch = new MatrixScratch();
    for (let t = 0; t < 50; t++) {
      const values = Float64Array.from({ length: 1 + Math.floor(125 * r()) }, () => Math.floor(1000 * r()));
      const out = scratch.float64('sorted', values.length);
      expect(sameBits(bucketSortedInto(out, values, scratch), Float64Array.from(values).sort())).toBe(true);
    }
  });
});
