import { describe, expect, test } from 'vitest';
import { createVolume, extract, isRadiomicsError, toCsv, toJson, type ConfigInput } from '../src/index.js';
import { phantomImage, phantomMaskVolume, PHANTOM_SHAPE } from './helpers/digital-phantom.js';

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isRadiomicsError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
}

const mask = { volume: phantomMaskVolume(), label: 1 };
const preset = { preset: 'ibsi1-digital-phantom' };

describe('extract', () => {
  test('extract(phantom) returns features with ids, IBSI codes, aggregations and provenance', () => {
    const r = extract(phantomImage(), mask, {}, preset);
    const mean = r.features.find((f) => f.id === 'stat.mean');
    expect(mean).toMatchObject({ family: 'stat', ibsi: 'Q4LE', aggregation: null });
    expect(r.features.some((f) => f.id === 'glcm.jointMaximum.3D_merged.d1' && f.aggregation === '3D_merged')).toBe(true);
    expect(r.provenance.library.name).toBe('radiomics');
    expect(r.provenance.preset).toBe('ibsi1-digital-phantom');
    expect(r.provenance.config.discretisation).toEqual({ method: 'fixedBinSize', width: 1, lowerBound: null, binning: 'ibsi' });
    expect(r.provenance.roi.morphologicalVoxels).toBe(74);
    expect(r.provenance.image.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(r.features.map((f) => f.id)).size).toBe(r.features.length);
  });

  test('extract is deterministic: two runs give identical JSON', () => {
    expect(toJson(extract(phantomImage(), mask, {}, preset))).toBe(toJson(extract(phantomImage(), mask, {}, preset)));
  });

  test('no feature value is NaN', () => {
    const r = extract(phantomImage(), mask, {}, preset);
    expect(r.features.filter((f) => f.value !== null && !Number.isFinite(f.value))).toEqual([]);
  });

  test('ROI voxels, box and label selection are the same for a byte mask at any offset and for an Int16 mask (rows of odd length)', () => {
    // 7 x 5 x 3 grid: label 2 at row ends and inside a 4-byte word, label 3 elsewhere, background 0.
    const shape = [7, 5, 3] as const;
    const n = 7 * 5 * 3;
    const labels = new Int16Array(n);
    for (const [i, v] of [[0, 3], [6, 2], [7 + 3, 2], [35 + 14, 2], [35 + 20, 2], [70 + 34, 2], [70 + 12, 3]] as const) labels[i] = v;
    const image = createVolume({ data: Float32Array.from({ length: n }, (_, i) => (i * 37) % 11), shape, spacing: [1, 1, 1] });
    const summaries = [0, 1, 3].map((offset) => {
      const bytes = new Uint8Array(n + offset).subarray(offset);
      bytes.set(labels);
      const r = extract(image, { volume: createVolume({ data: bytes, shape, spacing: [1, 1, 1] }), label: 2 }, { families: ['stat'] });
      return r.provenance.roi;
    });
    const wide = extract(image, { volume: createVolume({ data: labels, shape, spacing: [1, 1, 1] }), label: 2 }, { families: ['stat'] }).provenance.roi;
    expect(wide.morphologicalVoxels).toBe(5);
    expect(wide.boundingBox).toEqual([0, 0, 0, 6, 4, 2]);
    for (const s of summaries) expect(s).toEqual(wide);
  });

  test('an absent label is EmptyMask', () => {
    expect(errorOf(() => extract(phantomImage(), { volume: phantomMaskVolume(), label: 7 }, {}, { maskFile: 'm.nii.gz' }))).toEqual({ code: 'EmptyMask', message: 'm.nii.gz: no voxel has label 7' });
  });

  test('a one-voxel mask is OneVoxelMask', () => {
    const m = new Uint8Array(80);
    m[5] = 1;
    expect(errorOf(() => extract(phantomImage(), { volume: createVolume({ data: m, shape: PHANTOM_SHAPE, spacing: [2, 2, 2] }), label: 1 })).code).toBe('OneVoxelMask');
  });

  test('a NaN voxel inside the ROI is NonFiniteVoxels naming the voxel', () => {
    const img = Float32Array.from(phantomImage().voxels.data as Float32Array);
    img[6] = Number.NaN;
    const e = errorOf(() => extract(createVolume({ data: img, shape: PHANTOM_SHAPE, spacing: [2, 2, 2] }), mask, {}, { imageFile: 'i.nii' }));
    expect(e.code).toBe('NonFiniteVoxels');
    expect(e.message).toContain('(1, 1, 0)');
  });

  test('NaN voxels outside the ROI are allowed; the image diagnostics skip them', () => {
    const img = Float32Array.from(phantomImage().voxels.data as Float32Array);
    const m = phantomMaskVolume().voxels.data as Uint8Array;
    const outside = m.findIndex((v) => v !== 1);
    const finite = [...img].filter((_, i) => i !== outside);
    img[outside] = Number.NaN;
    const r = extract(createVolume({ data: img, shape: PHANTOM_SHAPE, spacing: [2, 2, 2] }), mask, { families: ['stat'] }, preset);
    const d = r.provenance.diagnostics.initialImage;
    expect(d.min).toBe(Math.min(...finite));
    expect(d.max).toBe(Math.max(...finite));
    expect(d.mean).toBeCloseTo(finite.reduce((a, b) => a + b, 0) / finite.length, 12);
    expect(r.features.find((f) => f.id === 'stat.mean')?.value).toBe(extract(phantomImage(), mask, { families: ['stat'] }, preset).features.find((f) => f.id === 'stat.mean')?.value);
  });

  test('a mask on another grid is GeometryMismatch', () => {
    const other = createVolume({ data: Uint8Array.from(phantomMaskVolume().voxels.data as Uint8Array), shape: PHANTOM_SHAPE, spacing: [2, 2, 3] });
    expect(errorOf(() => extract(phantomImage(), { volume: other, label: 1 })).code).toBe('GeometryMismatch');
  });

  test('a bad config key is UnknownConfigKey before any work', () => {
    expect(errorOf(() => extract(phantomImage(), mask, { glcm: { distanse: 1 } } as unknown as ConfigInput)).code).toBe('UnknownConfigKey');
  });

  test('toCsv writes one row per case and one column per feature id', () => {
    const r = extract(phantomImage(), mask, { families: ['stat'] }, preset);
    const lines = toCsv([{ id: 'phantom', result: r }]).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0].split(',')[0]).toBe('id');
    expect(lines[0].split(',')).toContain('stat.mean');
    expect(lines[1].split(',')).toHaveLength(lines[0].split(',').length);
  });

  test('leaves the image and mask voxels as they were (batch workers reuse read volumes: RecentVolumes)', () => {
    const image = phantomImage();
    const volume = phantomMaskVolume();
    const before = [Float64Array.from(image.voxels.data), Float64Array.from(volume.voxels.data)];
    const configs: ConfigInput[] = [
      {},
      {
        normalisation: { method: 'zscore', region: 'roi' },
        resampling: { spacing: [1.5, 1.5, 1.5], interpolator: 'cubic' },
        resegmentation: { range: null, outlierSigma: 3 },
        imageTypes: [{ type: 'original' }, { type: 'log', sigma: 1.5 }, { type: 'wavelet', wavelet: 'haar', decomposition: 'LLH' }, { type: 'laws', kernels: 'L5E5E5' }],
      },
    ];
    for (const config of configs) {
      extract(image, { volume, label: 1 }, config);
      expect(Float64Array.from(image.voxels.data)).toEqual(before[0]);
      expect(Float64Array.from(volume.voxels.data)).toEqual(before[1]);
    }
  });
});
