import { describe, expect, test } from 'vitest';
import { labelIndicator } from '../../src/image/labelIndicator.js';
import type { Vec3, VoxelData } from '../../src/image/volume.js';

/** The indicator and box by a compare per voxel, the definition labelIndicator must match. */
function reference(data: VoxelData, label: number, shape: Vec3) {
  const [nx, ny] = shape;
  const mask = new Uint8Array(data.length);
  let x0 = shape[0], y0 = shape[1], z0 = shape[2], x1 = -1, y1 = -1, z1 = -1, count = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== label) continue;
    mask[i] = 1;
    count++;
    const x = i % nx, y = Math.floor(i / nx) % ny, z = Math.floor(i / (nx * ny));
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); z0 = Math.min(z0, z); z1 = Math.max(z1, z);
  }
  return { mask, box: { x0, y0, z0, x1, y1, z1, count } };
}

const SHAPE: Vec3 = [13, 5, 3]; // odd row length: rows end mid-word and mid-group of four
const TYPES = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array] as const;

/** A mask of SHAPE with background rows, the label at row ends and in the middle, and other labels (negative where signed). */
function sample(make: new (n: number) => VoxelData): VoxelData {
  const data = new make(SHAPE[0] * SHAPE[1] * SHAPE[2]);
  const signed = data instanceof Int8Array || data instanceof Int16Array || data instanceof Int32Array || data instanceof Float32Array || data instanceof Float64Array;
  const at = (x: number, y: number, z: number, v: number) => (data[x + SHAPE[0] * (y + SHAPE[1] * z)] = v);
  at(12, 1, 0, 2);
  at(0, 3, 1, 2);
  at(6, 3, 1, 2);
  at(5, 2, 2, 2);
  at(3, 4, 2, 3); // another label alone in its row
  at(1, 0, 0, signed ? -1 : 7);
  at(11, 0, 2, 1);
  return data;
}

describe('labelIndicator', () => {
  for (const make of TYPES) {
    test(`labelIndicator(${make.name} mask, labels 2, 3, 1, 0, 5) matches a compare per voxel`, () => {
      const data = sample(make);
      for (const label of [2, 3, 1, 0, 5]) expect(labelIndicator(data, label, SHAPE)).toEqual(reference(data, label, SHAPE));
    });
  }

  test('labelIndicator(Int32 and Uint32 masks with extreme values) finds the label in rows holding them', () => {
    const i32 = sample(Int32Array);
    i32[20] = -(2 ** 31);
    i32[40] = 2 ** 31 - 1;
    for (const label of [2, -(2 ** 31), 2 ** 31 - 1]) expect(labelIndicator(i32, label, SHAPE)).toEqual(reference(i32, label, SHAPE));
    const u32 = sample(Uint32Array);
    u32[20] = 2 ** 32 - 1;
    u32[41] = 2 ** 31;
    for (const label of [2, 2 ** 32 - 1, 2 ** 31]) expect(labelIndicator(u32, label, SHAPE)).toEqual(reference(u32, label, SHAPE));
  });

  test('labelIndicator(byte mask at an odd byteOffset) matches a compare per voxel', () => {
    const data = sample(Uint8Array);
    const buf = new Uint8Array(data.length + 1);
    buf.set(data, 1);
    expect(labelIndicator(buf.subarray(1), 2, SHAPE)).toEqual(reference(data, 2, SHAPE));
  });

  test('labelIndicator(float mask with a fractional label and NaN) matches a compare per voxel', () => {
    const data = sample(Float64Array);
    data[3] = 0.5;
    data[30] = NaN;
    for (const label of [0.5, 2, NaN]) expect(labelIndicator(data, label, SHAPE)).toEqual(reference(data, label, SHAPE));
  });

  test('labelIndicator(mask without the label) is empty: count 0, x0 > x1', () => {
    const { mask, box } = labelIndicator(sample(Int16Array), 9, SHAPE);
    expect(box.count).toBe(0);
    expect(box.x0).toBeGreaterThan(box.x1);
    expect(mask.every((v) => v === 0)).toBe(true);
  });
});
