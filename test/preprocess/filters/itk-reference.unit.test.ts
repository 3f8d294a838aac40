/**
 * PyRadiomics' LoG (SimpleITK LaplacianRecursiveGaussianImageFilter, recursiveLogFilter) and Gradient
 * (GradientMagnitudeImageFilter, gradientMagnitudeFilter) against ITK 5.2.1 itself, voxel by voxel
 * (fixtures/itk-reference: outputs of ITK on integer-valued synthetic images, see its SOURCE.md). ITK writes
 * float32: our value rounded to float32 must be that float32, for every voxel. Then the recursive LoG against
 * the exact LoG of a Gaussian blob, to the precision of ITK's recursive approximation.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createVolume, type Vec3 } from '../../../src/image/volume.js';
import { gradientMagnitudeFilter, recursiveGaussianCoefficients, recursiveLogFilter } from '../../../src/preprocess/filters/index.js';
import { recursivePass } from '../../../src/preprocess/filters/recursiveGaussian.js';
import { isRadiomicsError } from '../../../src/errors.js';

interface Reference {
  readonly images: Record<string, { shape: Vec3; spacing: Vec3; type: 'float32' | 'int16' }>;
  readonly [key: string]: unknown;
}
const REF = JSON.parse(readFileSync(new URL('../../../fixtures/itk-reference/filters.json', import.meta.url), 'utf8')) as Reference;

function image(name: string) {
  const { shape, spacing, type } = REF.images[name];
  const [nx, ny, nz] = shape;
  const data = type === 'int16' ? new Int16Array(nx * ny * nz) : new Float32Array(nx * ny * nz);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) data[x + nx * (y + ny * z)] = (x - 6) ** 2 + 2 * (y - 5) ** 2 - 3 * (z - 4) ** 2 + ((7 * x + 13 * y + 29 * z) % 11) * 5;
  return createVolume({ data, shape, spacing, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
}

const cases = Object.keys(REF).filter((k) => k.startsWith('log ') || k.startsWith('gradient '));
describe.each(cases.map((k) => [k]))('ITK 5.2.1 %s', (key) => {
  test('every voxel, rounded to float32, equals ITK\'s float32 output', () => {
    const [kind, name, option, value] = key.split(' ');
    const out = kind === 'log' ? recursiveLogFilter(image(name), { sigma: Number(value) }) : gradientMagnitudeFilter(image(name), { useSpacing: option === 'spacing', dims: '3D' });
    const expected = REF[key] as number[];
    const data = out.voxels.data;
    expect(data.length).toBe(expected.length);
    const mismatches = expected.filter((v, i) => Math.fround(data[i]) !== Math.fround(v)).length;
    expect(mismatches).toBe(0);
  });
});

describe('recursiveLogFilter against the exact LoG', () => {
  test('the 1D passes have the moments ITK normalises them to: order 0 sums to 1; order 2 sums to 0 with second moment 2, times sigma^2 with scale normalisation', () => {
    for (const sigma of [1, 2.5, 6]) {
      const n = 161;
      const c = 80;
      const impulse = new Float64Array(n);
      impulse[c] = 1;
      const moments = (order: 0 | 2, normalise: boolean) => {
        const h = recursivePass(impulse, [n, 1, 1], 0, recursiveGaussianCoefficients(sigma, 1, order, normalise));
        return [0, 2].map((p) => h.reduce((a, v, i) => a + v * (i - c) ** p, 0));
      };
      expect(moments(0, false)[0]).toBeCloseTo(1, 6);
      const [m0, m2] = moments(2, false);
      expect(m0).toBeCloseTo(0, 6);
      expect(m2).toBeCloseTo(2, 4);
      expect(moments(2, true)[1]).toBeCloseTo(2 * sigma * sigma, 3);
    }
  });
  test('a Gaussian blob (s = 2 mm) through sigma = 1.5 mm on spacing [1, 0.8, 1.25]: within 1.1% of the peak of sigma^2 Laplacian(G_sigma * blob), the accuracy of the 4th-order recursive approximation of the second derivative', () => {
    const sp: Vec3 = [1, 0.8, 1.25];
    const s = 2;
    const sigma = 1.5;
    const n = sp.map((a) => Math.round(40 / a) + 1) as unknown as Vec3;
    const c = n.map((k) => (k - 1) / 2);
    const r2At = (x: number, y: number, z: number) => ((x - c[0]) * sp[0]) ** 2 + ((y - c[1]) * sp[1]) ** 2 + ((z - c[2]) * sp[2]) ** 2;
    const data = new Float64Array(n[0] * n[1] * n[2]);
    for (let z = 0; z < n[2]; z++) for (let y = 0; y < n[1]; y++) for (let x = 0; x < n[0]; x++) data[x + n[0] * (y + n[1] * z)] = 1000 * Math.exp(-r2At(x, y, z) / (2 * s * s));
    const out = recursiveLogFilter(createVolume({ data, shape: n, spacing: sp, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }), { sigma }).voxels.data;
    // G_sigma * 1000 exp(-r^2 / 2 s^2) = 1000 (s^2 / t)^(3/2) exp(-r^2 / 2t), t = s^2 + sigma^2; its Laplacian multiplies by r^2 / t^2 - 3 / t.
    const t = s * s + sigma * sigma;
    let err = 0;
    let peak = 0;
    for (let z = 0; z < n[2]; z++)
      for (let y = 0; y < n[1]; y++)
        for (let x = 0; x < n[0]; x++) {
          const r2 = r2At(x, y, z);
          const exact = sigma * sigma * 1000 * (s * s / t) ** 1.5 * Math.exp(-r2 / (2 * t)) * (r2 / (t * t) - 3 / t);
          peak = Math.max(peak, Math.abs(exact));
          err = Math.max(err, Math.abs(out[x + n[0] * (y + n[1] * z)] - exact));
        }
    expect(err / peak).toBeLessThan(0.011);
    expect(err / peak).toBeGreaterThan(0.001); // an approximation, not the exact LoG (IBSI's log filter is the exact one)
  });
  test('an axis shorter than 4 voxels is an InvalidArgument (ITK refuses it; PyRadiomics then computes no LoG image)', () => {
    const v = createVolume({ data: new Float32Array(5 * 5 * 3), shape: [5, 5, 3], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
    let caught: unknown;
    try {
      recursiveLogFilter(v, { sigma: 1 });
    } catch (error) {
      caught = error;
    }
    expect(isRadiomicsError(caught) && caught.code === 'InvalidArgument').toBe(true);
  });
});
