import { describe, expect, test } from 'vitest';
import { applyFilter, createVolume, extract, imageTypeLabel, isRadiomicsError, resolveConfig, supportRadius, type FilterSpec, type ImageType, type Vec3 } from '../src/index.js';

const shape: Vec3 = [20, 18, 16];
const n = shape[0] * shape[1] * shape[2];
let seed = 7;
const rand = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
};
const image = createVolume({ data: Float32Array.from({ length: n }, () => Math.round(rand() * 100)), shape, spacing: [1, 1.2, 2] });
const maskData = new Uint8Array(n);
for (let z = 5; z < 11; z++) for (let y = 6; y < 12; y++) for (let x = 7; x < 14; x++) maskData[x + shape[0] * (y + shape[1] * z)] = 1;
const mask = { volume: createVolume({ data: maskData, shape, spacing: [1, 1.2, 2] }), label: 1 };

describe('resolveConfig imageTypes', () => {
  test('defaults to the original image only', () => {
    expect(resolveConfig({}).imageTypes).toEqual([{ type: 'original', name: null }]);
  });
  test('fills filter defaults (boundary reflect = IBSI mirror, 3D) and labels them deterministically', () => {
    const [t] = resolveConfig({ imageTypes: [{ type: 'log', sigma: 1.5 }] }).imageTypes;
    expect(t).toEqual({ type: 'log', sigma: 1.5, truncate: 4, riesz: null, boundary: 'reflect', dims: '3D', name: null });
    expect(imageTypeLabel(t)).toBe('log-sigma1.5-truncate4-rieszNone-reflect-3D');
  });
  test.each([
    [{ type: 'log' }, 'InvalidConfig'],
    [{ type: 'log', sigma: 1, sigmaa: 2 }, 'UnknownConfigKey'],
    [{ type: 'laws', kernels: 'L5E5' }, 'InvalidConfig'],
    [{ type: 'wavelet', wavelet: 'db39', decomposition: 'LLH' }, 'InvalidConfig'],
    [{ type: 'wavelet', wavelet: 'db2', decomposition: 'LH' }, 'InvalidConfig'],
    [{ type: 'mean', support: 3, boundary: 'symmetric' }, 'InvalidConfig'],
    [{ type: 'fourier' }, 'InvalidConfig'],
  ] as const)('rejects %j with %s', (t, code) => {
    expect(() => resolveConfig({ imageTypes: [t as never] })).toThrow(expect.objectContaining({ code }));
  });
  test('rejects the same image type twice', () => {
    let error: unknown;
    try {
      resolveConfig({ imageTypes: [{ type: 'mean', support: 3 }, { type: 'mean', support: 3 }] });
    } catch (e) {
      error = e;
    }
    expect(isRadiomicsError(error, 'InvalidConfig')).toBe(true);
  });
});

describe('extract with filtered image types', () => {
  const families = ['morph', 'stat', 'glcm'] as const;
  const plain = extract(image, mask, { families: [...families] });
  const both = extract(image, mask, { families: [...families], imageTypes: [{ type: 'original' }, { type: 'mean', support: 3 }, { type: 'laws', kernels: 'L5E5', dims: '2D', name: 'laws2d' }] });

  test('original feature ids and values are unchanged', () => {
    const original = both.features.filter((f) => !f.id.includes(':'));
    expect(original).toEqual(plain.features);
  });
  test('filtered ids carry the image type label; morphology stays on the original', () => {
    const ids = both.features.map((f) => f.id);
    expect(ids).toContain('mean-support3-reflect-3D:stat.mean');
    expect(ids).toContain('laws2d:glcm.jointMaximum.3D_average.d1');
    expect(ids.some((id) => id.includes(':morph.'))).toBe(false);
  });
  test('stat.mean on the mean-filtered image is the mean of the response over the ROI', () => {
    const response = applyFilter(image, resolveConfig({ imageTypes: [{ type: 'mean', support: 3 }] }).imageTypes[0] as FilterSpec).voxels.data as Float64Array;
    let s = 0, k = 0;
    for (let i = 0; i < n; i++) if (maskData[i]) (s += response[i]), k++;
    expect(both.features.find((f) => f.id === 'mean-support3-reflect-3D:stat.mean')?.value).toBeCloseTo(s / k, 10);
  });
});

describe('supportRadius: a finite-support filter on the ROI box grown by its radius equals the whole-image response there', () => {
  const specs = resolveConfig({
    imageTypes: [
      { type: 'mean', support: 5, boundary: 'nearest' },
      { type: 'log', sigma: 2, boundary: 'mirror' },
      { type: 'laws', kernels: 'E5L5S5', rotationInvariant: true, energyDelta: 2 },
      { type: 'wavelet', wavelet: 'db2', decomposition: 'LHL', level: 2, boundary: 'wrap' },
      { type: 'gabor', sigma: 2, gamma: 1, lambda: 3, rotationInvariant: true, thetaStep: 90, truncate: 2, boundary: 'constant' },
    ],
  }).imageTypes as readonly ImageType[] as readonly FilterSpec[];
  test.each(specs.map((s) => [s.type, s] as const))('%s', (_t, spec) => {
    const whole = applyFilter(image, spec).voxels.data as Float64Array;
    const r = supportRadius(spec, image) as Vec3;
    expect(r).not.toBeNull();
    const lo = [7, 6, 5].map((o, a) => Math.max(0, o - r[a]));
    const hi = [14, 12, 11].map((o, a) => Math.min(shape[a], o + r[a]));
    const cs: Vec3 = [hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]];
    const crop = new Float64Array(cs[0] * cs[1] * cs[2]);
    for (let z = 0, j = 0; z < cs[2]; z++) for (let y = 0; y < cs[1]; y++) for (let x = 0; x < cs[0]; x++, j++) crop[j] = (image.voxels.data as Float32Array)[lo[0] + x + shape[0] * (lo[1] + y + shape[1] * (lo[2] + z))];
    const part = applyFilter(createVolume({ data: crop, shape: cs, spacing: image.spacing }), spec).voxels.data as Float64Array;
    for (let z = 5; z < 11; z++)
      for (let y = 6; y < 12; y++)
        for (let x = 7; x < 14; x++) expect(part[x - lo[0] + cs[0] * (y - lo[1] + cs[1] * (z - lo[2]))]).toBeCloseTo(whole[x + shape[0] * (y + shape[1] * z)], 9);
  });
});
