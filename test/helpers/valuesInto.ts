/**
 * The harness of the values-only path tests (test/features/*.valuesInto.unit.test.ts): a family's
 * `valuesInto(input, params, out)` must write compute's values, in order, bit for bit, NaN where compute
 * gives null; and the random boxes of grey levels the texture families are tried on.
 */
import { expect } from 'vitest';
import type { RawFeatureValue } from '../../src/features/types.js';

/** The bit pattern of a double (tells -0 from 0, and NaN payloads apart). */
export function bits(x: number): bigint {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  return b.getBigUint64(0);
}

/**
 * Expects `count` (what valuesInto returned) to be compute's number of values and `out[0 .. count - 1]`
 * to be their bits, NaN for a null; returns how many values it compared and how many of them were null.
 */
export function expectComputeValues(expected: readonly RawFeatureValue[], out: Float64Array, count: number): { compared: number; nulls: number } {
  expect(count).toBe(expected.length);
  let nulls = 0;
  for (let i = 0; i < count; i++) {
    const v = expected[i].value;
    if (v === null) {
      nulls++;
      expect(out[i]).toBeNaN();
    } else expect(bits(out[i])).toBe(bits(v));
  }
  return { compared: count, nulls };
}

/**
 * Grey levels of a box of `voxels` voxels: 0 (outside the ROI) with probability `hole`, else uniform in
 * 1..top; the first voxel set to `top` when none is in the ROI.
 */
export function randomBoxLevels(random: () => number, voxels: number, top: number, hole = 0.2): number[] {
  const levels = Array.from({ length: voxels }, () => (random() < hole ? 0 : 1 + Math.floor(random() * top)));
  if (!levels.some((l) => l > 0)) levels[0] = top;
  return levels;
}
