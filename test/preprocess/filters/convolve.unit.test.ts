import { describe, expect, test } from 'vitest';
import { convolveAxis, convolveSeparable, rotatedKernelSets, ROTATIONS_3D } from '../../../src/preprocess/filters/index.js';
import type { Vec3 } from '../../../src/image/volume.js';

const row = (values: number[]) => ({ data: Float64Array.from(values), shape: [values.length, 1, 1] as Vec3 });

describe('convolveAxis (scipy.ndimage.convolve1d semantics: out[i] = sum_k w[k] x[i + c - k])', () => {
  const { data, shape } = row([1, 2, 3, 4]);
  test('convolveAxis([1 2 3 4], w = [1 0 -1], constant) = [2 2 2 -3]', () => {
    // out[i] = x[i+1] - x[i-1]; zeros outside.
    expect(Array.from(convolveAxis(data, shape, 0, [1, 0, -1], 'constant'))).toEqual([2, 2, 2, -3]);
  });
  test('convolveAxis([1 2 3 4], w = [1 0 -1], nearest) = [1 2 2 1]', () => {
    expect(Array.from(convolveAxis(data, shape, 0, [1, 0, -1], 'nearest'))).toEqual([1, 2, 2, 1]);
  });
  test('convolveAxis([1 2 3 4], w = [1 0 -1], wrap) = [-2 2 2 -2]', () => {
    expect(Array.from(convolveAxis(data, shape, 0, [1, 0, -1], 'wrap'))).toEqual([-2, 2, 2, -2]);
  });
  test('convolveAxis([1 2 3 4], w = [1 0 -1], reflect) = [1 2 2 1]', () => {
    // half-sample: x[-1] = x[0], x[4] = x[3].
    expect(Array.from(convolveAxis(data, shape, 0, [1, 0, -1], 'reflect'))).toEqual([1, 2, 2, 1]);
  });
  test('convolveAxis([1 2 3 4], w = [1 0 -1], mirror) = [0 2 2 0]', () => {
    // whole-sample: x[-1] = x[1], x[4] = x[2].
    expect(Array.from(convolveAxis(data, shape, 0, [1, 0, -1], 'mirror'))).toEqual([0, 2, 2, 0]);
  });
  test('convolveAxis([1 2 3 4], w = [1 1], constant) = [3 5 7 4] (even kernel, c = floor(L/2) = 1, as scipy)', () => {
    // out[i] = w[0] x[i+1] + w[1] x[i].
    expect(Array.from(convolveAxis(data, shape, 0, [1, 1], 'constant'))).toEqual([3, 5, 7, 4]);
  });
});

describe('convolveSeparable', () => {
  test('equals direct 3D convolution with the outer-product kernel (reflect)', () => {
    const shape: Vec3 = [4, 3, 5];
    const n = shape[0] * shape[1] * shape[2];
    const data = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 13) - 6);
    const kx = [1, 2, -1], ky = [0.5, -1, 3], kz = [2, 0, 1];
    const sep = convolveSeparable(data, shape, [kx, ky, kz], 'reflect');
    const at = (x: number, y: number, z: number) => {
      const r = (i: number, m: number) => (i < 0 ? -i - 1 : i >= m ? 2 * m - 1 - i : i);
      return data[r(x, 4) + 4 * (r(y, 3) + 3 * r(z, 5))];
    };
    for (let z = 0; z < 5; z++)
      for (let y = 0; y < 3; y++)
        for (let x = 0; x < 4; x++) {
          let s = 0;
          for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) for (let c = 0; c < 3; c++) s += kx[a] * ky[b] * kz[c] * at(x + 1 - a, y + 1 - b, z + 1 - c);
          expect(sep[x + 4 * (y + 3 * z)]).toBeCloseTo(s, 12);
        }
  });

  test('a null kernel leaves that axis alone (2D slice-wise filtering)', () => {
    const shape: Vec3 = [3, 1, 2];
    const data = Float64Array.from([1, 2, 3, 10, 20, 30]);
    expect(Array.from(convolveSeparable(data, shape, [[1, 1, 1], null, null], 'constant'))).toEqual([3, 6, 5, 30, 60, 50]);
  });
});

describe('rotatedKernelSets', () => {
  test('the 24 rotations of an asymmetric kernel with distinct factors are distinct and proper', () => {
    for (const r of ROTATIONS_3D) {
      const axes = r.map(([f]) => f).sort();
      expect(axes).toEqual([0, 1, 2]);
    }
    const sets = rotatedKernelSets([[[1, 2, 3], [4, 5, 7], [8, 9, 11]]], true);
    expect(sets.length).toBe(24);
  });
  test('symmetric equal factors collapse to one kernel (max pooling over duplicates is a no-op, mean pooling counts distinct kernels)', () => {
    expect(rotatedKernelSets([[[1, 2, 1], [1, 2, 1], [1, 2, 1]]], true).length).toBe(1);
  });
  test('no rotation invariance returns the kernel as given', () => {
    expect(rotatedKernelSets([[[1, 2], [3, 4]]], false).length).toBe(1);
  });
});
