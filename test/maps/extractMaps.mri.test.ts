/**
 * Feature maps on real MRI (fixtures/mri-samples: PyRadiomics' brain1 and breast1, label 1) checked against
 * extract() on the kernel's voxels as the ROI, with the discretisation pinned to the ROI-level one (a
 * fixed bin size with the ROI's lower bound, pinnedConfig): bit for bit, for every family maps compute,
 * for masked and unmasked kernels, at sampled voxels (every 151st ROI voxel and the first and last).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { discretise, extract, parsePyradiomicsParams, type ConfigInput, type Mask, type Volume } from '../../src/index.js';
import { readMask, readVolume } from '../../src/node.js';
import { extractMaps, mapVolume, pinnedConfig, type MapsResult } from '../../src/maps/extractMaps.js';
import { resolveConfig } from '../../src/config.js';
import { createVolume } from '../../src/image/volume.js';

const MRI = fileURLToPath(new URL('../../fixtures/mri-samples/nrrd/', import.meta.url));
const FAMILIES = ['stat', 'ih', 'ivh', 'glcm', 'glrlm', 'glszm', 'gldzm', 'ngtdm', 'ngldm'] as const;
const R = 2;
/** The issue's benchmark parameter file (compat pyradiomics: MCC and PyRadiomics' flat-region values), shape left out as maps leave it out. */
const VOXEL_PARAMS = parsePyradiomicsParams(readFileSync(fileURLToPath(new URL('../../fixtures/pyradiomics/voxel-r2.params.yaml', import.meta.url)), 'utf8')).config;

function load(name: string): { image: Volume; mask: Mask } {
  return { image: readVolume(`${MRI}${name}_image.nrrd`), mask: readMask(`${MRI}${name}_label.nrrd`, 1) };
}

/** The grid indices of the kernel of grid voxel `index`, ascending: the cube (clipped to the image), cut to the ROI when masked. */
function kernelVoxels(image: Volume, roi: Mask, index: number, masked: boolean): number[] {
  const [nx, ny, nz] = image.shape;
  const cx = index % nx, cy = Math.floor(index / nx) % ny, cz = Math.floor(index / (nx * ny));
  const roiData = roi.volume.voxels.data as ArrayLike<number>;
  const out: number[] = [];
  for (let z = Math.max(0, cz - R); z <= Math.min(nz - 1, cz + R); z++)
    for (let y = Math.max(0, cy - R); y <= Math.min(ny - 1, cy + R); y++)
      for (let x = Math.max(0, cx - R); x <= Math.min(nx - 1, cx + R); x++) {
        const i = x + nx * (y + ny * z);
        if (!masked || roiData[i] === roi.label) out.push(i);
      }
  return out;
}

/** The kernel of grid voxel `index` as a mask volume (label 1): the cube, cut to the ROI when masked. */
function kernelMask(image: Volume, roi: Mask, index: number, masked: boolean): Mask {
  const [nx, ny, nz] = image.shape;
  const data = new Uint8Array(nx * ny * nz);
  for (const i of kernelVoxels(image, roi, index, masked)) data[i] = 1;
  return { volume: createVolume({ data, shape: image.shape, spacing: image.spacing, origin: image.origin, direction: image.direction }), label: 1 };
}

function minOf(image: Volume): number {
  const data = image.voxels.data as ArrayLike<number>;
  let min = Infinity;
  for (let i = 0; i < data.length; i++) if (data[i] < min) min = data[i];
  return min;
}

/** The IVH fixed-bin-size lower bound extract() would use over `min` (null when the IVH is not a fixed bin size). */
function ivhLower(config: ConfigInput, min: number): number | null {
  const d = resolveConfig(config).ivhDiscretisation;
  if (d.method !== 'fixedBinSize') return null;
  return d.binning === 'pyradiomics' ? d.width * Math.floor(min / d.width) : d.lowerBound ?? resolveConfig(config).resegmentation.range?.[0] ?? min;
}

function samples(maps: MapsResult): number[] {
  const n = maps.voxels.length;
  const out = new Set<number>([0, n - 1]);
  for (let k = 0; k < n; k += 151) out.add(k);
  return [...out].sort((a, b) => a - b);
}

const CONFIGS: readonly [string, boolean, ConfigInput][] = [
  ['FBS 25, IVH FBN 1000 (defaults)', true, { families: [...FAMILIES], discretisation: { method: 'fixedBinSize', width: 25, lowerBound: null } }],
  ['FBS 25, IVH FBN 1000 (defaults)', false, { families: [...FAMILIES], discretisation: { method: 'fixedBinSize', width: 25, lowerBound: null } }],
  [
    'FBS 20 PyRadiomics binning, IVH FBS 5, glcm/glrlm every 3D aggregation, NGLDM alpha 1',
    true,
    { families: [...FAMILIES], discretisation: { method: 'fixedBinSize', width: 20, lowerBound: null, binning: 'pyradiomics' }, ivhDiscretisation: { method: 'fixedBinSize', width: 5, lowerBound: null }, glcm: { aggregations: ['3D_average', '3D_merged'] }, ngldm: { alpha: 1 } },
  ],
  ['FBS 25 with range re-segmentation [700, 1000]', true, { families: [...FAMILIES], resegmentation: { range: [700, 1000] }, discretisation: { method: 'fixedBinSize', width: 25, lowerBound: null } }],
  ['FBS 25 PyRadiomics binning', false, { families: [...FAMILIES], discretisation: { method: 'fixedBinSize', width: 25, lowerBound: null, binning: 'pyradiomics' } }],
  ['fixtures/pyradiomics/voxel-r2.params.yaml (compat pyradiomics)', true, { ...VOXEL_PARAMS, families: VOXEL_PARAMS.families.filter((f) => f !== 'morph') } as ConfigInput],
];

describe('extractMaps on brain1 (R = 2) equals extract() on each kernel with the ROI-level discretisation', () => {
  const { image, mask } = load('brain1');
  test.each(CONFIGS)('%s, masked kernel: %s', (_, masked, config) => {
    const maps = extractMaps(image, mask, config, { kernelRadius: R, maskedKernel: masked });
    const resolved = resolveConfig(config);
    expect(new Set(maps.maps.map((m) => m.family))).toEqual(new Set(resolved.families));
    const roiLower = masked ? maps.provenance.roi.binLowerBound : resolved.discretisation.method === 'fixedBinSize' && resolved.discretisation.binning === 'pyradiomics' ? resolved.discretisation.width * Math.floor(minOf(image) / resolved.discretisation.width) : minOf(image);
    // The IVH bound is taken over the ROI (masked) or the whole image (unmasked), as the grey levels are.
    const ivhMin = masked ? roiMinimum(image, mask, resolved.resegmentation.range) : minOf(image);
    const pinned = pinnedConfig(resolved, roiLower, ivhLower(config, ivhMin));
    expect(pinned).not.toBeNull();
    expect(maps.voxels.length).toBeGreaterThan(resolved.resegmentation.range === null ? 4000 : 2000);
    for (const k of samples(maps)) {
      const ref = extract(image, kernelMask(image, mask, maps.voxels[k], masked), pinned!);
      const byId = new Map(ref.features.map((f) => [f.id, f.value]));
      for (const m of maps.maps) {
        expect(byId.has(m.id), m.id).toBe(true);
        const want = byId.get(m.id) ?? NaN;
        if (!Object.is(m.values[k], want)) expect.fail(`${m.id} at ROI voxel ${k} (grid ${maps.voxels[k]}): map ${m.values[k]}, extract ${want}`);
      }
    }
  });
});

describe('extractMaps with a fixed bin number (the default discretisation, ROI-level bins)', () => {
  const { image, mask } = load('brain1');
  test('families that read only grey levels and masks (glrlm, glszm, gldzm, ngtdm, ngldm) equal extract() on the image of ROI-level levels (FBS width 1 from 1), bit for bit', () => {
    const families = ['glrlm', 'glszm', 'gldzm', 'ngtdm', 'ngldm'] as const;
    const maps = extractMaps(image, mask, { families: [...families], discretisation: { method: 'fixedBinNumber', bins: 32 } }, { kernelRadius: R });
    // The ROI-level grey levels, as discretise gives them for the ROI's intensities (box order = grid order within the ROI).
    const data = image.voxels.data as ArrayLike<number>;
    const roi = mask.volume.voxels.data as ArrayLike<number>;
    const inRoi: number[] = [];
    for (let i = 0; i < data.length; i++) if (roi[i] === 1) inRoi.push(i);
    const levels = discretise(Float64Array.from(inRoi, (i) => data[i]), { method: 'fixedBinNumber', bins: 32 }).levels;
    const levelImage = new Float32Array(data.length);
    inRoi.forEach((i, k) => (levelImage[i] = levels[k]));
    const levelVolume = createVolume({ data: levelImage, shape: image.shape, spacing: image.spacing, origin: image.origin, direction: image.direction });
    for (const k of samples(maps)) {
      const ref = extract(levelVolume, kernelMask(image, mask, maps.voxels[k], true), { families: [...families], discretisation: { method: 'fixedBinSize', width: 1, lowerBound: 1 } });
      const byId = new Map(ref.features.map((f) => [f.id, f.value]));
      for (const m of maps.maps) {
        const want = byId.get(m.id) ?? NaN;
        if (!Object.is(m.values[k], want)) expect.fail(`${m.id} at ROI voxel ${k}: map ${m.values[k]}, extract ${want}`);
      }
    }
  });
});

describe('extractMaps of a filtered image type (masked kernels)', () => {
  const { image, mask } = load('brain1');
  test('mean filter (support 3): its stat maps equal extract() with the filter on each kernel, bit for bit (stat reads intensities, not grey levels)', () => {
    const config: ConfigInput = { families: ['stat', 'glcm'], imageTypes: [{ type: 'original' }, { type: 'mean', support: 3 }], discretisation: { method: 'fixedBinSize', width: 25, lowerBound: null } };
    const maps = extractMaps(image, mask, config, { kernelRadius: R });
    const filtered = maps.maps.filter((m) => m.id.includes(':stat.'));
    expect(filtered.length).toBe(18);
    expect(maps.maps.some((m) => m.id.includes(':glcm.'))).toBe(true);
    for (const k of samples(maps)) {
      const ref = extract(image, kernelMask(image, mask, maps.voxels[k], true), { ...config, families: ['stat'] });
      const byId = new Map(ref.features.map((f) => [f.id, f.value]));
      for (const m of filtered) {
        const want = byId.get(m.id) ?? NaN;
        if (!Object.is(m.values[k], want)) expect.fail(`${m.id} at ROI voxel ${k}: map ${m.values[k]}, extract ${want}`);
      }
    }
  });

  test('unmasked kernels with a filtered image type are UnsupportedMap', () => {
    expect(() => extractMaps(image, mask, { imageTypes: [{ type: 'original' }, { type: 'mean', support: 3 }] }, { kernelRadius: 1, maskedKernel: false })).toThrow(expect.objectContaining({ code: 'UnsupportedMap' }));
  });
});

function roiMinimum(image: Volume, mask: Mask, range: readonly [number | null, number | null] | null): number {
  const data = image.voxels.data as ArrayLike<number>;
  const m = mask.volume.voxels.data as ArrayLike<number>;
  let min = Infinity;
  for (let i = 0; i < data.length; i++) {
    if (m[i] !== mask.label) continue;
    const v = data[i];
    if (range !== null && ((range[0] !== null && v < range[0]) || (range[1] !== null && v > range[1]))) continue;
    if (v < min) min = v;
  }
  return min;
}

describe('extractMaps', () => {
  const { image, mask } = load('breast1');

  test('mapVolume: values at the ROI voxels, outsideValue elsewhere, on the image grid', () => {
    const maps = extractMaps(image, mask, { families: ['stat'] }, { kernelRadius: 1, outsideValue: -1 });
    const mean = maps.maps.find((m) => m.id === 'stat.mean')!;
    const vol = mapVolume(maps, mean);
    expect(vol.shape).toEqual(image.shape);
    expect(vol.spacing).toEqual(image.spacing);
    expect(vol.origin).toEqual(image.origin);
    const data = vol.voxels.data as Float32Array;
    const roi = mask.volume.voxels.data as ArrayLike<number>;
    let inside = 0;
    for (let i = 0; i < data.length; i++) {
      if (roi[i] === 1) {
        inside++;
        expect(Number.isFinite(data[i])).toBe(true);
      } else expect(data[i]).toBe(-1);
    }
    expect(inside).toBe(maps.voxels.length);
  });

  test('features: only the named maps; an unknown id is an InvalidArgument error', () => {
    const maps = extractMaps(image, mask, {}, { kernelRadius: 1, features: ['glcm.jointMaximum.3D_average.d1', 'stat.mean'] });
    expect(maps.maps.map((m) => m.id)).toEqual(['stat.mean', 'glcm.jointMaximum.3D_average.d1']);
    expect(() => extractMaps(image, mask, {}, { kernelRadius: 1, features: ['morph.volume'] })).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });

  test('config features: maps of the selected features only, bit for bit the maps computed without the selection', () => {
    const config = { families: ['stat', 'glcm', 'ngtdm'], features: ['morph.volume', 'stat.mean', 'glcm.jointMaximum', 'ngtdm.busyness'] } as const;
    const selected = extractMaps(image, mask, config, { kernelRadius: 1 });
    const all = extractMaps(image, mask, { families: config.families }, { kernelRadius: 1 });
    expect(selected.maps.map((m) => m.id)).toEqual(['stat.mean', 'glcm.jointMaximum.3D_average.d1', 'glcm.jointMaximum.3D_merged.d1', 'ngtdm.busyness.3D.d1']);
    for (const m of selected.maps) {
      const full = all.maps.find((f) => f.id === m.id)!;
      expect(m.values.every((v, i) => Object.is(v, full.values[i]))).toBe(true);
    }
  });

  test('morph and li named in families are refused (UnsupportedMap); by default they are left out', () => {
    expect(() => extractMaps(image, mask, { families: ['morph', 'stat'] }, { kernelRadius: 1 })).toThrow(expect.objectContaining({ code: 'UnsupportedMap' }));
    expect(() => extractMaps(image, mask, { families: ['li'] }, { kernelRadius: 1 })).toThrow(expect.objectContaining({ code: 'UnsupportedMap' }));
    const maps = extractMaps(image, mask, {}, { kernelRadius: 1, features: ['stat.mean'] });
    expect(maps.maps.length).toBe(1);
  });

  test.each([0, 1.5, 11, NaN])('kernelRadius %s is an InvalidArgument error', (r) => {
    expect(() => extractMaps(image, mask, {}, { kernelRadius: r })).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });

  test('an aborted signal stops with an Aborted error; progress ends at (total, total)', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => extractMaps(image, mask, { families: ['stat'] }, { kernelRadius: 1, signal: controller.signal })).toThrow(expect.objectContaining({ code: 'Aborted' }));
    const seen: [number, number][] = [];
    const maps = extractMaps(image, mask, { families: ['stat'] }, { kernelRadius: 1, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen.at(-1)).toEqual([maps.voxels.length, maps.voxels.length]);
  });

  test('the same bits call after call', () => {
    const a = extractMaps(image, mask, { families: ['glcm', 'ngtdm'] }, { kernelRadius: 1 });
    const b = extractMaps(image, mask, { families: ['glcm', 'ngtdm'] }, { kernelRadius: 1 });
    expect(b.maps.map((m) => Buffer.from(m.values.buffer))).toEqual(a.maps.map((m) => Buffer.from(m.values.buffer)));
  });
});

describe('extractMaps: kernels that read the same voxels (thick slices)', () => {
  const { image, mask } = load('brain1');
  test('a kernel whose masked voxels are an earlier kernel\'s gets that kernel\'s values, which equal extract() on its own kernel, bit for bit', () => {
    // brain1 has 6.5 mm slices: a 5^3 kernel reaches across the whole thickness of the ROI in many places,
    // and about a fifth of its kernels hold exactly the voxels of an earlier one (the runner computes those
    // once). The repeats are found here from the kernels' voxel sets, independently of the runner's boxes.
    const config = { ...VOXEL_PARAMS, families: VOXEL_PARAMS.families.filter((f) => f !== 'morph') } as ConfigInput;
    const maps = extractMaps(image, mask, config, { kernelRadius: R });
    const firstOfSet = new Map<string, number>();
    const repeats: [number, number][] = [];
    for (let k = 0; k < maps.voxels.length; k++) {
      const key = kernelVoxels(image, mask, maps.voxels[k], true).join(',');
      const earlier = firstOfSet.get(key);
      if (earlier === undefined) firstOfSet.set(key, k);
      else repeats.push([earlier, k]);
    }
    expect(repeats.length).toBeGreaterThan(maps.voxels.length / 10);
    const roiLower = maps.provenance.roi.binLowerBound;
    const resolved = resolveConfig(config);
    const pinned = pinnedConfig(resolved, roiLower, ivhLower(config, roiMinimum(image, mask, resolved.resegmentation.range)))!;
    for (const [earlier, k] of repeats.filter((_, r) => r % Math.ceil(repeats.length / 12) === 0)) {
      const ref = extract(image, kernelMask(image, mask, maps.voxels[k], true), pinned);
      const byId = new Map(ref.features.map((f) => [f.id, f.value]));
      for (const m of maps.maps) {
        const want = byId.get(m.id) ?? NaN;
        if (!Object.is(m.values[k], want)) expect.fail(`${m.id} at ROI voxel ${k} (a repeat of ${earlier}): map ${m.values[k]}, extract ${want}`);
        expect(Object.is(m.values[k], m.values[earlier])).toBe(true);
      }
    }
  });
});
