/**
 * Real MRI cases (fixtures/mri-samples, copied from ../shared/mri-samples: brain1, brain2, breast1 from the
 * PyRadiomics repository, BSD-3; see its README)
 * through every family, with the MRI settings we recommend (z-score normalisation over the ROI, fixed bin
 * number 32) and with fixed bin size 25 on raw intensities. There are no reference values for them here:
 * these tests check that every feature is computed (finite or null with a warning, never NaN), that the
 * NRRD and NIfTI copies of a case give the same features, and that output is deterministic.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { extract, type ExtractResult } from '../../src/index.js';
import { readMask, readVolume } from '../../src/node.js';

const MRI = fileURLToPath(new URL('../../fixtures/mri-samples/', import.meta.url));
const CASES = ['brain1', 'brain2', 'breast1'] as const;

function run(name: string, format: 'nrrd' | 'nifti', config: object): ExtractResult {
  const ext = format === 'nrrd' ? 'nrrd' : 'nii.gz';
  return extract(readVolume(`${MRI}${format}/${name}_image.${ext}`), readMask(`${MRI}${format}/${name}_label.${ext}`, 1), config);
}

const MRI_CONFIG = { normalisation: { method: 'zscore', region: 'roi' }, discretisation: { method: 'fixedBinNumber', bins: 32 } } as const;

describe('MRI samples', () => {
  describe.each(CASES)('%s', (name) => {
    const result = run(name, 'nrrd', MRI_CONFIG);

    test('every family yields features, none NaN; nulls carry a warning', () => {
      const families = new Set(result.features.map((f) => f.family));
      expect([...families]).toEqual(['morph', 'li', 'stat', 'ih', 'ivh', 'glcm', 'glrlm', 'glszm', 'gldzm', 'ngtdm', 'ngldm']);
      for (const f of result.features) {
        if (f.value === null) expect(result.warnings.some((w) => w.feature === f.id), `${f.id} is null without a warning`).toBe(true);
        else expect(Number.isFinite(f.value), f.id).toBe(true);
      }
    });

    test('z-score normalisation over the ROI gives mean 0 and variance 1', () => {
      const get = (id: string) => result.features.find((f) => f.id === id)?.value as number;
      expect(Math.abs(get('stat.mean'))).toBeLessThan(1e-6);
      expect(get('stat.variance')).toBeCloseTo(1, 6);
    });

    test('NIfTI and NRRD copies give the same features', () => {
      const other = run(name, 'nifti', MRI_CONFIG);
      const a = new Map(result.features.map((f) => [f.id, f.value]));
      for (const f of other.features) {
        const v = a.get(f.id);
        if (f.value === null || v === null || v === undefined) expect(v ?? null).toBe(f.value);
        // NIfTI holds spacing as float32 (breast1: 2.4e-8 relative): allow that much, no more.
        else expect(Math.abs(f.value - v)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(v)));
      }
    });

    test('raw intensities with fixed bin size 25 also compute every family', () => {
      const r = run(name, 'nifti', { discretisation: { method: 'fixedBinSize', width: 25 } });
      expect(r.features.filter((f) => f.value !== null && !Number.isFinite(f.value))).toEqual([]);
      expect(r.provenance.roi.intensityVoxels).toBe({ brain1: 4137, brain2: 453, breast1: 143 }[name]);
    });
  });
});
