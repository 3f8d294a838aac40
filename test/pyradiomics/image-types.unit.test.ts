/**
 * A parameter file with every PyRadiomics image type (fixtures/pyradiomics/all-image-types.params.yaml) run
 * as a user runs it, on breast1: nothing is reported as not mapped, and every image type gives its columns
 * under PyRadiomics' names (log-sigma-1-0-mm-3D_..., wavelet-LLH_..., gradient_..., lbp-3D-k_...), finite.
 * The values themselves are checked per image type elsewhere: test/preprocess/filters/itk-reference (LoG,
 * Gradient against ITK), pyradiomics-synthetic (Wavelet, LBP3D against PyRadiomics' own functions) and
 * pyradiomics.reference (Square ... LBP2D and coif1 wavelet against PyRadiomics 3.1 on breast1).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { extract, parsePyradiomicsParams, withPyradiomicsNames } from '../../src/index.js';
import { readMask, readVolume } from '../../src/node.js';

const PARAMS = readFileSync(new URL('../../fixtures/pyradiomics/all-image-types.params.yaml', import.meta.url), 'utf8');
const MRI = fileURLToPath(new URL('../../fixtures/mri-samples/nifti/', import.meta.url));

test('all-image-types.params.yaml on breast1: nothing unmapped; the original, 2 LoG, 8 wavelet, 4 point-wise, gradient, lbp-2D and 3 lbp-3D image types, each with PyRadiomics-named, finite columns', () => {
  const p = parsePyradiomicsParams(PARAMS, { file: 'all-image-types.params.yaml' });
  expect(p.unsupported).toEqual([]);
  const names = p.config.imageTypes.map((t) => t.name ?? t.type);
  const expected = [
    'original',
    'log-sigma-1-0-mm-3D', 'log-sigma-3-0-mm-3D',
    ...['LLH', 'LHL', 'LHH', 'HLL', 'HLH', 'HHL', 'HHH', 'LLL'].map((d) => `wavelet-${d}`),
    'square', 'squareroot', 'logarithm', 'exponential', 'lbp-2D', 'gradient', 'lbp-3D-m1', 'lbp-3D-m2', 'lbp-3D-k',
  ];
  expect([...names].sort()).toEqual([...expected].sort());
  const result = withPyradiomicsNames(extract(readVolume(`${MRI}breast1_image.nii.gz`), readMask(`${MRI}breast1_label.nii.gz`), p.config), p.naming);
  const byId = new Map(result.features.map((f) => [f.id, f.value]));
  for (const name of expected) {
    for (const column of [`${name}_firstorder_Mean`, `${name}_firstorder_Kurtosis`, `${name}_glcm_JointAverage`]) {
      expect(byId.has(column), column).toBe(true);
      expect(Number.isFinite(byId.get(column)), column).toBe(true);
    }
  }
});
