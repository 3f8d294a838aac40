/**
 * PyRadiomics' resampling grid and SimpleITK's interpolators (src/preprocess/resamplePyradiomics.ts), against
 * PyRadiomics' formulas worked by hand (imageoperations.resampleImage) and against an independent solution
 * of the B-spline interpolation problem with whole-sample mirror boundaries (the definition ITK's
 * BSplineDecompositionImageFilter implements with a recursive filter).
 */
import { describe, expect, test } from 'vitest';
import { createVolume, flatVoxelData, type Vec3 } from '../../src/image/volume.js';
import { itkBSplineCoefficients, itkPrefilterLine, resamplePyradiomics } from '../../src/preprocess/resamplePyradiomics.js';

/** A 1-row volume along x with these values (spacing 1 mm, origin 0). */
function row(values: number[], Ctor: Float64ArrayConstructor | Int16ArrayConstructor = Float64Array) {
  return createVolume({ data: Ctor.from(values) as Float64Array, shape: [values.length, 1, 1] as Vec3, spacing: [1, 1, 1], origin: [0, 0, 0] });
}
const roiOf = (n: number, from: number, to: number) => Uint8Array.from({ length: n }, (_, i) => (i >= from && i <= to ? 1 : 0));

describe('resamplePyradiomics grid (PyRadiomics resampleImage)', () => {
  test('10 voxels, ROI 3..5, 1 -> 2 mm, pad 1: new voxels 0..4 at old indices 0.5 + 2i (corner-aligned), linear', () => {
    // q = 1/2; lower = max(0, floor((3 - 0.5) q - 1)) = 0; upper = min(ceil(10 q) - 1, ceil((3 + 3 - 0.5) q + 1)) = min(4, 4) = 4.
    // Start = 0.5 (2 - 1) / 1 + 0 / q = 0.5; step 2: old indices 0.5 2.5 4.5 6.5 8.5, values (identity ramp) the same.
    const r = resamplePyradiomics(row([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), roiOf(10, 3, 5), { spacing: [2, 0, 0], interpolator: 'linear', padDistance: 1 });
    expect(r.image.shape).toEqual([5, 1, 1]);
    expect(r.image.spacing).toEqual([2, 1, 1]);
    expect(r.image.origin[0]).toBeCloseTo(0.5, 14);
    expect([...flatVoxelData(r.image)]).toEqual([0.5, 2.5, 4.5, 6.5, 8.5]);
    // Nearest-neighbour mask: floor(c + 0.5) = 1, 3, 5, 7, 9 -> ROI at 3 and 5.
    expect([...r.mask]).toEqual([0, 1, 1, 0, 0]);
  });

  test('a new centre past the image end (c >= n - 0.5) is 0: 5 voxels to 2 mm, the last centre at 4.5', () => {
    // upper = min(ceil(5/2) - 1, ...) = 2: centres 0.5, 2.5, 4.5; 4.5 is outside [-0.5, 4.5).
    const r = resamplePyradiomics(row([10, 11, 12, 13, 14]), roiOf(5, 0, 4), { spacing: [2, 0, 0], interpolator: 'linear', padDistance: 5 });
    expect([...flatVoxelData(r.image)]).toEqual([10.5, 12.5, 0]);
    expect([...r.mask]).toEqual([1, 1, 0]);
  });

  test('an integer image stays integer: values truncated toward zero (SimpleITK casts to the input pixel type)', () => {
    const r = resamplePyradiomics(row([-3, -2, 1, 2, 5, 6], Int16Array), roiOf(6, 0, 5), { spacing: [2, 0, 0], interpolator: 'linear', padDistance: 0 });
    // Centres 0.5, 2.5, 4.5: -2.5 -> -2, 1.5 -> 1, 5.5 -> 5.
    expect(flatVoxelData(r.image)).toBeInstanceOf(Int16Array);
    expect([...flatVoxelData(r.image)]).toEqual([-2, 1, 5]);
  });

  test('linear in ITK arithmetic (a + (b - a) d): a constant integer image stays that integer at every fractional position', () => {
    const shape: Vec3 = [7, 5, 4];
    const volume = createVolume({ data: new Int16Array(7 * 5 * 4).fill(100), shape, spacing: [0.7, 0.9, 3.1] });
    const roi = new Uint8Array(7 * 5 * 4).fill(1);
    const r = resamplePyradiomics(volume, roi, { spacing: [0.3, 0.37, 1.1], interpolator: 'linear', padDistance: 0 });
    const values = [...flatVoxelData(r.image)];
    // 100 wherever the centre lies inside the image; 0 only past n - 0.5 (the grid's last voxels), never 99.
    expect(new Set(values)).toEqual(new Set([100, 0]));
    expect(values.filter((v) => v === 100).length).toBeGreaterThan(values.length / 2);
  });

  test('trilinear on a 3D ramp 2x + 3y + 5z reproduces the ramp, the edge value within half a voxel outside', () => {
    const shape: Vec3 = [6, 5, 4];
    const data = new Float64Array(6 * 5 * 4);
    for (let z = 0, i = 0; z < 4; z++) for (let y = 0; y < 5; y++) for (let x = 0; x < 6; x++, i++) data[i] = 2 * x + 3 * y + 5 * z;
    const volume = createVolume({ data, shape, spacing: [1, 1, 1] });
    const roi = new Uint8Array(data.length);
    // ROI x 2..3, y 2..3, z 1..2 (two voxels along every axis, so every axis is resampled).
    for (const [x, y, z] of [[2, 2, 1], [3, 3, 2]]) roi[x + 6 * (y + 5 * z)] = 1;
    const r = resamplePyradiomics(volume, roi, { spacing: [0.5, 0.5, 0.5], interpolator: 'linear', padDistance: 1 });
    // Per axis q = 2: lower = floor((L - 0.5) 2 - 1), start = 0.5 (0.5 - 1) + lower / 2 = lower / 2 - 0.25, step 0.5.
    const [mx, my] = r.image.shape;
    const start = [2, 2, 1].map((L) => Math.max(0, Math.floor((L - 0.5) * 2 - 1)) / 2 - 0.25);
    const out = flatVoxelData(r.image);
    for (let i = 0; i < out.length; i++) {
      const c = [start[0] + 0.5 * (i % mx), start[1] + 0.5 * (Math.floor(i / mx) % my), start[2] + 0.5 * Math.floor(i / (mx * my))];
      // Between -0.5 and 0 (and n - 1 and n - 0.5) ITK keeps the edge voxel's value: the ramp at the clamped index.
      const k = c.map((v, a) => Math.min(shape[a] - 1, Math.max(0, v)));
      expect(out[i]).toBeCloseTo(2 * k[0] + 3 * k[1] + 5 * k[2], 12);
    }
  });

  test('the same spacing only crops to the ROI box padded by padDistance voxels (no interpolation)', () => {
    const r = resamplePyradiomics(row([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), roiOf(10, 4, 5), { spacing: [1, 1, 1], interpolator: 'cubic', padDistance: 2 });
    expect([...flatVoxelData(r.image)]).toEqual([2, 3, 4, 5, 6, 7]);
    expect([...r.mask]).toEqual([0, 0, 1, 1, 0, 0]);
    expect(r.image.origin[0]).toBe(2);
  });
});

/** B-spline coefficients c with (c[k-1] + 4 c[k] + c[k+1]) / 6 = s[k], c mirrored (c[-1] = c[1], c[n] = c[n-2]): Gaussian elimination. */
function exactCoefficients(s: number[]): number[] {
  const n = s.length;
  const a = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  for (let k = 0; k < n; k++) {
    a[k][k] += 4 / 6;
    const m = (j: number) => (j < 0 ? -j : j >= n ? 2 * n - 2 - j : j);
    a[k][m(k - 1)] += 1 / 6;
    a[k][m(k + 1)] += 1 / 6;
    a[k][n] = s[k];
  }
  for (let i = 0; i < n; i++) {
    const p = a[i][i];
    for (let j = i; j <= n; j++) a[i][j] /= p;
    for (let r = 0; r < n; r++) {
      if (r === i || a[r][i] === 0) continue;
      const f = a[r][i];
      for (let j = i; j <= n; j++) a[r][j] -= f * a[i][j];
    }
  }
  return a.map((r) => r[n]);
}

describe('ITK B-spline prefilter (mirror boundaries)', () => {
  test.each([5, 12, 30])('itkPrefilterLine on %i samples solves the mirror-boundary interpolation system (ITK tolerance 1e-10)', (n) => {
    const s = Array.from({ length: n }, (_, k) => Math.sin(0.7 * k) * 100 + k * k * 0.3);
    const line = Float64Array.from(s);
    itkPrefilterLine(line, n);
    const exact = exactCoefficients(s);
    for (let k = 0; k < n; k++) expect(Math.abs(line[k] - exact[k])).toBeLessThan(1e-7 * 100);
  });

  test('cubic on a line: interpolates the samples at old centres and follows the spline between them', () => {
    const values = [3, 7, 1, 8, 2, 9, 4, 6, 5, 0, 2, 7];
    const same = resamplePyradiomics(row(values), roiOf(12, 0, 11), { spacing: [0.5, 0, 0], interpolator: 'cubic', padDistance: 0 });
    // 1 -> 0.5 mm: q = 2; lower = floor(-0.5 * 2) = -1 -> 0; start = 0.5 (0.5 - 1) = -0.25; step 0.5.
    const out = [...flatVoxelData(same.image)];
    const c = exactCoefficients(values);
    const m = (j: number) => (j < 0 ? -j : j >= 12 ? 22 - j : j);
    const spline = (x: number) => {
      const i = Math.floor(x);
      const t = x - i;
      const w = [(1 - t) ** 3 / 6, (4 - 6 * t * t + 3 * t ** 3) / 6, (4 - 6 * (1 - t) ** 2 + 3 * (1 - t) ** 3) / 6, t ** 3 / 6];
      return w.reduce((acc, wk, k) => acc + wk * c[m(i - 1 + k)], 0);
    };
    out.forEach((v, i) => expect(v).toBeCloseTo(spline(-0.25 + 0.5 * i), 8));
  });
});

describe('cubic (sitkBSpline) in 3D', () => {
  test('a 5 x 6 x 7 random image to 0.6 x 0.7 x 0.8 mm equals the exact tensor-product mirror-boundary spline', () => {
    const shape: Vec3 = [5, 6, 7];
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 200 - 100;
    const data = Float64Array.from({ length: 5 * 6 * 7 }, random);
    const r = resamplePyradiomics(createVolume({ data, shape, spacing: [1, 1, 1] }), new Uint8Array(data.length).fill(1), { spacing: [0.6, 0.7, 0.8], interpolator: 'cubic', padDistance: 0 });
    // Exact coefficients: the 1D system solved along x, then y, then z.
    const c = Float64Array.from(data);
    const line = (n: number, at: (k: number) => number) => Array.from({ length: n }, (_, k) => at(k));
    for (let z = 0; z < 7; z++) for (let y = 0; y < 6; y++) exactCoefficients(line(5, (k) => c[k + 5 * (y + 6 * z)])).forEach((v, k) => (c[k + 5 * (y + 6 * z)] = v));
    for (let z = 0; z < 7; z++) for (let x = 0; x < 5; x++) exactCoefficients(line(6, (k) => c[x + 5 * (k + 6 * z)])).forEach((v, k) => (c[x + 5 * (k + 6 * z)] = v));
    for (let y = 0; y < 6; y++) for (let x = 0; x < 5; x++) exactCoefficients(line(7, (k) => c[x + 5 * (y + 6 * k)])).forEach((v, k) => (c[x + 5 * (y + 6 * k)] = v));
    const beta = (t: number) => [(1 - t) ** 3 / 6, (4 - 6 * t * t + 3 * t ** 3) / 6, (4 - 6 * (1 - t) ** 2 + 3 * (1 - t) ** 3) / 6, t ** 3 / 6];
    const mirror = (j: number, n: number) => (j < 0 ? -j : j >= n ? 2 * n - 2 - j : j);
    const [mx, my, mz] = r.image.shape;
    const out = flatVoxelData(r.image);
    const steps = [0.6, 0.7, 0.8];
    let checked = 0;
    for (let k = 0; k < mz; k++) {
      for (let j = 0; j < my; j++) {
        for (let i = 0; i < mx; i++) {
          // Old index of new voxel m along an axis: 0.5 (s' - 1) + lower / q + m s' with lower = floor(-0.5 q) clipped to 0.
          const pos = [i, j, k].map((m, a) => 0.5 * (steps[a] - 1) + m * steps[a]);
          const value = out[i + mx * (j + my * k)];
          if (pos.some((p, a) => p < -0.5 || p >= shape[a] - 0.5)) {
            expect(value).toBe(0);
            continue;
          }
          const base = pos.map(Math.floor);
          const w = pos.map((p, a) => beta(p - base[a]));
          let v = 0;
          for (let c2 = 0; c2 < 4; c2++)
            for (let c1 = 0; c1 < 4; c1++)
              for (let c0 = 0; c0 < 4; c0++) v += w[0][c0] * w[1][c1] * w[2][c2] * c[mirror(base[0] - 1 + c0, 5) + 5 * (mirror(base[1] - 1 + c1, 6) + 6 * mirror(base[2] - 1 + c2, 7))];
          expect(value).toBeCloseTo(v, 9);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

test('cubic far from the image edges: prefiltering only the ROI region plus 64 voxels gives the whole-image result bit for bit', () => {
  const shape: Vec3 = [240, 6, 5];
  const data = Float64Array.from({ length: 240 * 6 * 5 }, (_, i) => Math.sin(i * 0.37) * 500 + (i % 97));
  const roi = new Uint8Array(data.length);
  for (let z = 1; z < 4; z++) for (let y = 1; y < 5; y++) for (let x = 110; x < 118; x++) roi[x + 240 * (y + 6 * z)] = 1;
  const r = resamplePyradiomics(createVolume({ data, shape, spacing: [1, 1, 1] }), roi, { spacing: [0.7, 0.9, 0.8], interpolator: 'cubic', padDistance: 3 });
  // Reference: ITK's evaluation over the whole-image coefficients (x 0..239, where the crop starts near 40).
  const c = itkBSplineCoefficients(data, shape);
  const steps = [0.7, 0.9, 0.8];
  const lower = [110, 1, 1].map((L, a) => Math.max(0, Math.floor((L - 0.5) / steps[a] - 3)));
  const mirror = (j: number, n: number) => (j < 0 ? -j : j >= n ? 2 * n - 2 - j : j);
  const weights = (p: number) => {
    const b = Math.floor(Math.fround(p));
    const w = p - b;
    const w3 = (1 / 6) * w * w * w;
    const w0 = 1 / 6 + 0.5 * w * (w - 1) - w3;
    const w2 = w + w0 - 2 * w3;
    return { b, w: [w0, 1 - w0 - w2 - w3, w2, w3] };
  };
  const [mx, my, mz] = r.image.shape;
  const out = flatVoxelData(r.image);
  for (let k = 0; k < mz; k++) {
    for (let j = 0; j < my; j++) {
      for (let i = 0; i < mx; i++) {
        const pos = [i, j, k].map((m, a) => (0.5 * (steps[a] - 1)) + lower[a] * steps[a] + m * steps[a]);
        if (pos.some((p, a) => p < -0.5 || p >= shape[a] - 0.5)) continue;
        const [wx, wy, wz] = pos.map(weights);
        let v = 0;
        for (let c2 = 0; c2 < 4; c2++)
          for (let c1 = 0; c1 < 4; c1++)
            for (let c0 = 0; c0 < 4; c0++) {
              let w = 1.0;
              w *= wx.w[c0];
              w *= wy.w[c1];
              w *= wz.w[c2];
              v += w * c[mirror(wx.b - 1 + c0, 240) + 240 * (mirror(wy.b - 1 + c1, 6) + 6 * mirror(wz.b - 1 + c2, 5))];
            }
        expect(out[i + mx * (j + my * k)]).toBe(v);
      }
    }
  }
});

test('config: grid pyradiomics takes 0 for an axis that keeps its spacing (PyRadiomics resampledPixelSpacing [0, 0, 2]); the IBSI grid does not', async () => {
  const { resolveConfig } = await import('../../src/config.js');
  const c = resolveConfig({ compat: 'pyradiomics', resampling: { spacing: [0, 0, 2], interpolator: 'cubic', maskInterpolator: 'nearest', grid: 'pyradiomics' } });
  expect(c.resampling?.spacing).toEqual([0, 0, 2]);
  expect(() => resolveConfig({ resampling: { spacing: [0, 0, 2], interpolator: 'cubic' } })).toThrow(/resampling.spacing/);
  expect(() => resolveConfig({ compat: 'pyradiomics', resampling: { spacing: [0, 0, 0], interpolator: 'cubic', maskInterpolator: 'nearest', grid: 'pyradiomics' } })).toThrow(/resampling.spacing/);
  // In the resampler, 0 keeps the axis: 10 voxels along x stay 10 (cropped to the padded ROI), z goes to 2 mm.
  const shape: Vec3 = [10, 1, 6];
  const volume = createVolume({ data: Float64Array.from({ length: 60 }, (_, i) => i), shape, spacing: [1, 1, 1] });
  const roi = new Uint8Array(60);
  for (let z = 1; z < 5; z++) for (let x = 2; x < 8; x++) roi[x + 10 * z] = 1;
  const r = resamplePyradiomics(volume, roi, { spacing: [0, 0, 2], interpolator: 'linear', padDistance: 1 });
  expect(r.image.spacing).toEqual([1, 1, 2]);
  // x keeps 1 mm (q = 1) but still takes PyRadiomics' bounds: floor((2 - 0.5) - 1) = 0 .. min(9, ceil((8 - 0.5) + 1)) = 9.
  expect(r.image.shape[0]).toBe(10);
  // z, q = 1/2: floor(0.5 q - 1) = -1 -> 0 .. min(ceil(6 q) - 1, ceil(4.5 q + 1)) = min(2, 4) = 2.
  expect(r.image.shape[2]).toBe(3);
});
