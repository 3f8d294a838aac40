/**
 * The harness of the values-only path tests (test/features/*.valuesInto.unit.test.ts): a family's
 * `valuesInto(input, params, out)` must write compute's values, in order, bit for bit, NaN where compute
 * gives null; and the random boxes of grey levels the texture families are tried on.
 */
import { expect } from 'vitest';
import type { FamilyInput, RawFeatureValue } from '../../src/features/types.js';
import type { Vec3 } from '../../src/image/volume.js';

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

/** The shapes of the random boxes: a single voxel, thin boxes (empty direction matrices), a 5^3 kernel. */
export const BOX_SHAPES: readonly Vec3[] = [[1, 1, 1], [4, 1, 1], [3, 3, 1], [5, 5, 5], [4, 3, 2], [2, 6, 3]];

/**
 * `trials` random boxes of grey levels of each of BOX_SHAPES, in turn: 0 (outside the ROI) with
 * probability hole(trial), else uniform in 1..top, top = 1 (a single grey level) every third trial, else
 * 1..8 at random; the first voxel set to `top` when none is in the ROI.
 */
export function* randomBoxes(random: () => number, trials: number, hole: (trial: number) => number = () => 0.2): Generator<{ shape: Vec3; levels: number[] }> {
  for (const shape of BOX_SHAPES) {
    for (let trial = 0; trial < trials; trial++) {
      const top = 1 + Math.floor(random() * (trial % 3 === 0 ? 1 : 8));
      const h = hole(trial);
      const levels = Array.from({ length: shape[0] * shape[1] * shape[2] }, () => (random() < h ? 0 : 1 + Math.floor(random() * top)));
      if (!levels.some((l) => l > 0)) levels[0] = top;
      yield { shape, levels };
    }
  }
}

/** A grid of grey levels over `shape` (x fastest): 0 (a hole, outside the ROI) with probability `holes`, else 1..levelCount. Draws two numbers per voxel from `random` (one for a hole). */
export function randomGrid(random: () => number, shape: Vec3, holes: number, levelCount: number): Int32Array {
  return Int32Array.from({ length: shape[0] * shape[1] * shape[2] }, () => (random() < holes ? 0 : 1 + Math.floor(random() * levelCount)));
}

/**
 * A random box of a grid of grey levels (`levels` over `shape`, at `offset` in the image), as the FamilyInput a
 * feature map's kernel with that box gets: each side from one voxel up to `span` voxels (one voxel along every
 * axis when `thin`: degenerate boxes). Null when the box holds no ROI voxel. Draws six numbers from `random`.
 */
export function randomGridBox(levels: Int32Array, shape: Vec3, offset: Vec3, random: () => number, span: number, thin: boolean): FamilyInput | null {
  const [nx, ny] = shape;
  const lo = [0, 1, 2].map((a) => Math.floor(random() * shape[a]));
  const hi = lo.map((l, a) => Math.min(shape[a] - 1, l + Math.floor(random() * (thin ? 1 : span))));
  const box: Vec3 = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const boxLevels = new Int32Array(box[0] * box[1] * box[2]);
  for (let z = 0, j = 0; z < box[2]; z++)
    for (let y = 0; y < box[1]; y++) for (let x = 0; x < box[0]; x++, j++) boxLevels[j] = levels[lo[0] + x + nx * (lo[1] + y + ny * (lo[2] + z))];
  if (!boxLevels.some((g) => g > 0)) return null;
  return { levels: boxLevels, boxShape: box, boxOffset: [offset[0] + lo[0], offset[1] + lo[1], offset[2] + lo[2]], nBins: Math.max(...boxLevels) } as unknown as FamilyInput;
}
