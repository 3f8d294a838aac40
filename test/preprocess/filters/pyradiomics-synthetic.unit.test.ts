/**
 * PyRadiomics' Wavelet and LBP3D image types against PyRadiomics' own functions (getWaveletImage with
 * PyWavelets 1.1.1, getLBP3DImage with scipy 1.10.1) on synthetic images (fixtures/pyradiomics-synthetic, see
 * its SOURCE.md): every voxel (every ROI voxel for LBP3D) to 1e-12 relative to the image's largest |value|.
 * The wavelet cases cover orthogonal, biorthogonal and reverse biorthogonal banks, dmey (62 taps, longer than
 * the axes: the periodic convolution wraps more than once), odd axes, start_level and level; the image types
 * come from parsePyradiomicsParams, as a user's parameter file makes them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createVolume } from '../../../src/image/volume.js';
import { lbp3dFilter, stationaryWaveletFilter } from '../../../src/preprocess/filters/index.js';
import { parsePyradiomicsParams } from '../../../src/pyradiomics/params.js';

const REF = JSON.parse(readFileSync(new URL('../../../fixtures/pyradiomics-synthetic/image-types.json', import.meta.url), 'utf8')) as { wavelet: Record<string, number[]>; lbp3d: Record<string, number[]> };
const TOLERANCE = 1e-12;

function synthetic(nx: number, ny: number, nz: number, integer: boolean) {
  const data = integer ? new Int16Array(nx * ny * nz) : new Float64Array(nx * ny * nz);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) data[x + nx * (y + ny * z)] = (x - 3) ** 2 + 2 * (y - 2) ** 2 - (z - 2) ** 2 + 5 * ((7 * x + 13 * y + 29 * z) % 11);
  return createVolume({ data, shape: [nx, ny, nz], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
}
const worst = (ours: ArrayLike<number>, theirs: readonly number[], use: (i: number) => boolean = () => true) => {
  const scale = Math.max(...theirs.map(Math.abs));
  let w = 0;
  theirs.forEach((v, i) => {
    if (use(i)) w = Math.max(w, Math.abs(ours[i] - v) / scale);
  });
  return w;
};

const settings = [...new Set(Object.keys(REF.wavelet).map((k) => k.slice(0, k.lastIndexOf('|'))))];
describe.each(settings.map((s) => [s]))('Wavelet %s (5 x 4 x 3)', (setting) => {
  const [wavelet, kw] = setting.split('|');
  const p = parsePyradiomicsParams({ imageType: { Original: {}, Wavelet: { wavelet, ...(JSON.parse(kw) as object) } } });
  const types = p.config.imageTypes.filter((t) => t.type === 'swt');
  test('the parameter file maps to the image types PyRadiomics yields, by name', () => {
    expect(p.unsupported).toEqual([]);
    expect(types.map((t) => t.name).sort()).toEqual(Object.keys(REF.wavelet).filter((k) => k.startsWith(`${setting}|`)).map((k) => k.split('|')[2]).sort());
  });
  test.each(types.map((t) => [t.name, t]))('%s: every voxel as PyRadiomics', (name, t) => {
    const image = synthetic(5, 4, 3, false);
    expect(worst(stationaryWaveletFilter(image, t as never).voxels.data, REF.wavelet[`${setting}|${name}`])).toBeLessThanOrEqual(TOLERANCE);
  });
});

const lbpKeys = Object.keys(REF.lbp3d).filter((k) => !k.endsWith('|mask'));
describe('LBP3D (9 x 8 x 7, ROI = inner voxels and the corner (0, 0, 0))', () => {
  test.each(lbpKeys.map((k) => [k]))('%s: every ROI voxel as PyRadiomics', (key) => {
    const [dtype, kw, name] = key.split('|');
    const mask = REF.lbp3d[`${dtype}|mask`];
    const p = parsePyradiomicsParams({ imageType: { Original: {}, LBP3D: JSON.parse(kw) as object } });
    const t = p.config.imageTypes.find((x) => x.name === name);
    expect(t?.type).toBe('lbp3d');
    const out = lbp3dFilter(synthetic(9, 8, 7, dtype === 'int16'), t as never).voxels.data;
    expect(worst(out, REF.lbp3d[key], (i) => mask[i] === 1)).toBeLessThanOrEqual(TOLERANCE);
  });
});
