/**
 * PyRadiomics computes no LoG image when the image has fewer than 4 voxels along an axis (getLoGImage
 * returns nothing and the other image types go on). compat pyradiomics leaves the recursiveLog image types
 * out the same way with an ImageTypeSkipped warning; IBSI mode keeps the filter's InvalidArgument.
 */
import { describe, expect, test } from 'vitest';
import { createVolume, extract, extractMaps, isRadiomicsError, parsePyradiomicsParams, type ConfigInput } from '../src/index.js';

const SHAPE = [8, 8, 3] as const; // 3 slices: too few for ITK's recursive Gaussian along z
const n = SHAPE[0] * SHAPE[1] * SHAPE[2];
const image = createVolume({ data: Float32Array.from({ length: n }, (_, i) => (i * 37) % 11), shape: SHAPE, spacing: [1, 1, 2] });
const maskData = new Uint8Array(n);
for (let z = 0, i = 0; z < SHAPE[2]; z++) for (let y = 0; y < SHAPE[1]; y++) for (let x = 0; x < SHAPE[0]; x++, i++) maskData[i] = x >= 2 && x <= 5 && y >= 2 && y <= 5 ? 1 : 0;
const mask = { volume: createVolume({ data: maskData, shape: SHAPE, spacing: [1, 1, 2] }), label: 1 };
const types: ConfigInput['imageTypes'] = [{ type: 'original' }, { type: 'recursiveLog', sigma: 1, name: 'log-sigma-1-mm-3D' }, { type: 'square' }];

describe('recursiveLog on an image with an axis under 4 voxels', () => {
  test('compat pyradiomics: the LoG image type is left out with ImageTypeSkipped; the other image types are computed', () => {
    const r = extract(image, mask, { compat: 'pyradiomics', families: ['stat'], imageTypes: types });
    expect(r.features.some((f) => f.id.startsWith('log-sigma-1-mm-3D:'))).toBe(false);
    expect(r.features.some((f) => f.id.startsWith('square'))).toBe(true);
    expect(r.features.some((f) => f.id === 'stat.mean')).toBe(true);
    const skipped = r.warnings.filter((w) => w.code === 'ImageTypeSkipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0].message).toContain('log-sigma-1-mm-3D');
    expect(skipped[0].message).toContain('8 x 8 x 3');
  });

  test('the same features as the config without the LoG image type, bit for bit', () => {
    const a = extract(image, mask, { compat: 'pyradiomics', families: ['stat'], imageTypes: types });
    const b = extract(image, mask, { compat: 'pyradiomics', families: ['stat'], imageTypes: types.filter((t) => t.type !== 'recursiveLog') });
    expect(a.features.map((f) => [f.id, f.value])).toEqual(b.features.map((f) => [f.id, f.value]));
  });

  test('a PyRadiomics parameter file with LoG runs, as PyRadiomics does', () => {
    const p = parsePyradiomicsParams({ imageType: { Original: {}, LoG: { sigma: [1.0] } }, featureClass: { firstorder: null }, setting: { binWidth: 2 } });
    const r = extract(image, mask, p.config);
    expect(r.warnings.map((w) => w.code)).toContain('ImageTypeSkipped');
    expect(r.features.length).toBeGreaterThan(0);
  });

  test('feature maps skip it the same way', async () => {
    const m = await extractMaps(image, mask, { compat: 'pyradiomics', families: ['stat'], imageTypes: types }, { kernelRadius: 1 });
    expect(m.maps.some((x) => x.id.startsWith('log-sigma-1-mm-3D:'))).toBe(false);
  });

  test('IBSI mode: InvalidArgument, as before', () => {
    let code: string | null = null;
    try {
      extract(image, mask, { families: ['stat'], imageTypes: types });
    } catch (e) {
      code = isRadiomicsError(e) ? e.code : String(e);
    }
    expect(code).toBe('InvalidArgument');
  });

  test('a sigma larger than the image allows (an axis under ceil(sigma / spacing) + 1 voxels) is left out; smaller sigmas are computed', () => {
    const shape = [10, 10, 5] as const;
    const m = shape[0] * shape[1] * shape[2];
    const img = createVolume({ data: Float32Array.from({ length: m }, (_, i) => (i * 37) % 11), shape, spacing: [1, 1, 1] });
    const md = new Uint8Array(m);
    for (let z = 0, i = 0; z < shape[2]; z++) for (let y = 0; y < shape[1]; y++) for (let x = 0; x < shape[0]; x++, i++) md[i] = x >= 3 && x <= 6 && y >= 3 && y <= 6 ? 1 : 0;
    const msk = { volume: createVolume({ data: md, shape, spacing: [1, 1, 1] }), label: 1 };
    // sigma 5: ceil(5 / 1) + 1 = 6 voxels needed, z has 5; sigma 2: 3 needed.
    const r = extract(img, msk, { compat: 'pyradiomics', families: ['stat'], imageTypes: [{ type: 'original' }, { type: 'recursiveLog', sigma: 2, name: 'log2' }, { type: 'recursiveLog', sigma: 5, name: 'log5' }] });
    expect(r.features.some((f) => f.id.startsWith('log2:'))).toBe(true);
    expect(r.features.some((f) => f.id.startsWith('log5:'))).toBe(false);
    const skipped = r.warnings.filter((w) => w.code === 'ImageTypeSkipped');
    expect(skipped.map((w) => w.message)).toEqual([expect.stringContaining('log5 left out: the image to filter is 10 x 10 x 5 voxels; sigma 5 mm needs at least ceil(sigma / spacing) + 1 = 6 x 6 x 6 voxels')]);
  });
});
