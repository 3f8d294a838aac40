/**
 * PyRadiomics 3.1 reference values (fixtures/pyradiomics-reference, from ../shared; numbers only; its README says how
 * they were made) for the MRI samples (fixtures/mri-samples, the same files): every value must be matched
 * to 1e-4 relative by the output column with exactly that PyRadiomics name, with the parameter file run
 * through parsePyradiomicsParams (compat mode pyradiomics) and withPyradiomicsNames, as a user would.
 * Values we cannot match yet are listed in EXPECTED_FAILURES with the reason; they run as expected
 * failures, so a row that starts to pass fails the test and the list cannot go stale.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { extract, parsePyradiomicsParams, withPyradiomicsNames, type FeatureValue } from '../../src/index.js';
import { readMask, readVolume } from '../../src/node.js';

const REFERENCE = fileURLToPath(new URL('../../fixtures/pyradiomics-reference/', import.meta.url));
const MRI = fileURLToPath(new URL('../../fixtures/mri-samples/nifti/', import.meta.url));
const TOLERANCE = 1e-4;

const EPS_LOG = 'the LBP image is one grey level in the ROI (binWidth 25), so the entropy is 0; PyRadiomics writes -log2(1 + eps) = -3.2e-16 (eps = 2.2e-16 inside its logarithms), which a relative tolerance cannot meet; our value is exactly 0 (|difference| 3.2e-16)';
/** `<reference file>:<column>` -> why it does not match yet. */
const EXPECTED_FAILURES: Readonly<Record<string, string>> = {
  'types_breast1.json:lbp-2D_firstorder_Entropy': EPS_LOG,
  'types_breast1.json:lbp-2D_glcm_DifferenceEntropy': EPS_LOG,
  'types_breast1.json:lbp-2D_glcm_JointEntropy': EPS_LOG,
  'types_breast1.json:lbp-2D_glcm_SumEntropy': EPS_LOG,
  'types_breast1.json:lbp-2D_glszm_ZoneEntropy': EPS_LOG,
};

interface ReferenceFile {
  readonly settings: Record<string, unknown>;
  readonly features: Record<string, number>;
}

/** The parameter file each reference was made with. */
const CASES = [
  { file: 'brain1_P1.json', image: 'brain1', params: {} },
  { file: 'brain2_P1.json', image: 'brain2', params: {} },
  { file: 'breast1_P1.json', image: 'breast1', params: {} },
  {
    file: 'types_breast1.json',
    image: 'breast1',
    params: { imageType: { Original: {}, Square: {}, SquareRoot: {}, Logarithm: {}, Exponential: {}, Wavelet: {}, LBP2D: {} }, featureClass: { shape: null, firstorder: null, glcm: null, glrlm: null, glszm: null, gldm: null, ngtdm: null } },
  },
] as const;

function columns(image: string, params: Readonly<Record<string, unknown>>): Map<string, FeatureValue> {
  const p = parsePyradiomicsParams(params);
  const result = withPyradiomicsNames(extract(readVolume(`${MRI}${image}_image.nii.gz`), readMask(`${MRI}${image}_label.nii.gz`, p.label ?? 1), p.config), p.naming);
  return new Map(result.features.map((f) => [f.id, f]));
}

describe.each(CASES)('PyRadiomics 3.1 reference $file', ({ file, image, params }) => {
  const reference = JSON.parse(readFileSync(`${REFERENCE}${file}`, 'utf8')) as ReferenceFile;
  const rows = Object.entries(reference.features);
  let got: Map<string, FeatureValue> | null = null;
  const get = (column: string) => (got ??= columns(image, params)).get(column)?.value;

  test('the reference was made with binWidth 25 and label 1, as the mapped parameter file', () => {
    expect(reference.settings).toMatchObject({ binWidth: 25, label: 1 });
  });
  for (const [column, value] of rows) {
    const reason = EXPECTED_FAILURES[`${file}:${column}`];
    const title = `${column} = ${value}${reason ? ` (expected failure: ${reason})` : ''}`;
    (reason ? test.fails : test)(title, () => {
      const ours = get(column);
      expect(ours, `no column ${column}`).toBeTypeOf('number');
      expect(Math.abs((ours as number) - value)).toBeLessThanOrEqual(TOLERANCE * Math.abs(value));
    });
  }
});

test('every expected failure names a reference row', () => {
  for (const key of Object.keys(EXPECTED_FAILURES)) {
    const [file, column] = key.split(':');
    const reference = JSON.parse(readFileSync(`${REFERENCE}${file}`, 'utf8')) as ReferenceFile;
    expect(reference.features[column], key).toBeTypeOf('number');
  }
});
