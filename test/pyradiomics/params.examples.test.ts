/**
 * PyRadiomics' own example parameter files (fixtures/pyradiomics: exampleMR_3mm, exampleMR_5mm,
 * exampleMR_NoResampling, exampleCT, Params; byte for byte, see SOURCE.md) on the MRI samples: each maps
 * with no "not mapped" report outside PYRADIOMICS_SETTINGS_NOT_MAPPED (docs/pyradiomics.md lists them with
 * the reason) and extracts, with the resampling grid PyRadiomics' resampleImage makes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { extract, parsePyradiomicsParams } from '../../src/index.js';
import { readMask, readVolume } from '../../src/node.js';
import { PYRADIOMICS_SETTINGS_NOT_MAPPED } from '../../src/pyradiomics/notMapped.js';
import { flatVoxelData } from '../../src/image/volume.js';

const PARAMS = fileURLToPath(new URL('../../fixtures/pyradiomics/', import.meta.url));
const MRI = fileURLToPath(new URL('../../fixtures/mri-samples/nifti/', import.meta.url));
const FILES = ['exampleMR_3mm', 'exampleMR_5mm', 'exampleMR_NoResampling', 'exampleCT', 'Params'] as const;

const parse = (name: string) => parsePyradiomicsParams(readFileSync(`${PARAMS}${name}.yaml`, 'utf8'), { file: `${name}.yaml` });

describe('PyRadiomics example parameter files', () => {
  test.each(FILES)('%s.yaml maps with no "not mapped" report outside the documented list', (name) => {
    const p = parse(name);
    const undocumented = p.unsupported.filter((u) => !(u.key in PYRADIOMICS_SETTINGS_NOT_MAPPED));
    expect(undocumented).toEqual([]);
    expect(p.config.compat).toBe('pyradiomics');
    expect(p.config.roiChecks).toEqual({ minimumDimensions: 2, minimumVoxels: 2 }); // PyRadiomics' defaults
  });

  test('exampleMR_3mm.yaml (2 mm, despite its name): PyRadiomics grid, sitkBSpline, padDistance 5 (default)', () => {
    expect(parse('exampleMR_3mm').config.resampling).toEqual({ spacing: [2, 2, 2], interpolator: 'cubic', roundIntensities: false, maskInterpolator: 'nearest', partialVolumeThreshold: 0.5, grid: 'pyradiomics', padDistance: 5 });
    expect(parse('exampleCT').config.resampling).toMatchObject({ spacing: [1, 1, 1], padDistance: 10 });
    expect(parse('exampleMR_NoResampling').config.resampling).toBeNull();
    expect(parse('Params').config.resampling).toBeNull();
  });

  // One extraction per resampling file (stat and glcm on the original image keep it short; the image types
  // are covered by their own tests). The grid: per axis lower = floor((L - 0.5) q - 5), upper =
  // ceil((L + S - 0.5) q + 5) clipped to [0, ceil(n q) - 1], q = old / new spacing, (L, S) the ROI box.
  test.each(['exampleMR_3mm', 'exampleMR_5mm', 'exampleCT'] as const)('%s.yaml on brain1: the resampled grid is the padded ROI box on PyRadiomics\' grid', (name) => {
    const p = parse(name);
    const image = readVolume(`${MRI}brain1_image.nii.gz`);
    const mask = readMask(`${MRI}brain1_label.nii.gz`, p.label ?? 1);
    const r = extract(image, mask, { ...p.config, families: ['stat', 'glcm'], imageTypes: [{ type: 'original' }] });
    // The ROI box in the original image.
    const data = flatVoxelData(mask.volume);
    const [nx, ny] = image.shape;
    const first = [Infinity, Infinity, Infinity];
    const last = [-1, -1, -1];
    for (let i = 0; i < data.length; i++) {
      if (data[i] !== mask.label) continue;
      const at = [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
      for (let a = 0; a < 3; a++) {
        first[a] = Math.min(first[a], at[a]);
        last[a] = Math.max(last[a], at[a]);
      }
    }
    const spacing = p.config.resampling!.spacing;
    const pad = p.config.resampling!.padDistance;
    const lo = (a: number) => first[a];
    const size = (a: number) => last[a] - first[a] + 1;
    const expected = [0, 1, 2].map((a) => {
      const q = image.spacing[a] / spacing[a];
      const lower = Math.max(0, Math.floor((lo(a) - 0.5) * q - pad));
      const upper = Math.min(Math.ceil(image.shape[a] * q) - 1, Math.ceil((lo(a) + size(a) - 0.5) * q + pad));
      return upper - lower + 1;
    });
    expect(r.provenance.diagnostics.interpolatedImage.dimensions).toEqual(expected);
    expect(r.provenance.diagnostics.interpolatedImage.spacing).toEqual(spacing);
    expect(r.features.every((f) => f.value === null || Number.isFinite(f.value))).toBe(true);
  });
});
