/**
 * PyRadiomics 3.1 reference values (fixtures/pyradiomics-reference, from ../shared; numbers only; its README says how
 * they were made) for the MRI samples (fixtures/mri-samples, the same files): every value must be matched
 * to 1e-4 relative by the output column with exactly that PyRadiomics name, with the parameter file run
 * through parsePyradiomicsParams (compat mode pyradiomics) and withPyradiomicsNames, as a user would.
 * Reference values that are 0 written with PyRadiomics' eps are met within an absolute ZERO_FLOOR (below).
 * Values we cannot match are listed in EXPECTED_FAILURES with the reason (none today); they run as
 * expected failures, so a row that starts to pass fails the test and the list cannot go stale.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { extract, parsePyradiomicsParams, withPyradiomicsNames, type FeatureValue } from '../../src/index.js';
import { readMask, readVolume } from '../../src/node.js';

const REFERENCE = fileURLToPath(new URL('../../fixtures/pyradiomics-reference/', import.meta.url));
const MRI = fileURLToPath(new URL('../../fixtures/mri-samples/nifti/', import.meta.url));
const TOLERANCE = 1e-4;

/**
 * Zero to rounding. Where the true value is 0, PyRadiomics' entropies (firstorder Entropy, GLCM Joint-,
 * Sum- and DifferenceEntropy, GLSZM ZoneEntropy: -sum p log2(p + eps), eps = numpy's 2.2e-16) give
 * -log2(1 + eps) = -3.2034265038149176e-16 for a matrix of one entry p = 1: the LBP2D image of breast1 is
 * one grey level in the ROI at binWidth 25, and types_breast1.json holds exactly that value for those 5
 * columns. Ours is exactly 0. A 1e-4 relative tolerance would ask |ours - ref| <= 3.2e-20, finer than
 * the eps term itself (ours would have to reproduce PyRadiomics' eps to the last bit). So a reference
 * value with 0 < |ref| <= ZERO_FLOOR is 0 written with PyRadiomics' eps, and is met within ZERO_FLOOR
 * absolute. ZERO_FLOOR = 1e-15 is 4.5 eps: above -log2(1 + eps), and far below every other row's
 * tolerance (the smallest non-zero reference value is 4.9e-5, an LBP2D SmallAreaEmphasis, whose 1e-4
 * relative tolerance is 4.9e-9), so no other row's tolerance changes; exact zeros still need exactly 0.
 * The last test pins which rows it applies to.
 */
const ZERO_FLOOR = 1e-15;
const zeroToRounding = (value: number) => value !== 0 && Math.abs(value) <= ZERO_FLOOR;
/** `<reference file>:<column>` -> why it does not match yet. */
const EXPECTED_FAILURES: Readonly<Record<string, string>> = {};

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
  test("the output columns are exactly PyRadiomics' (config features: nothing PyRadiomics does not compute, nothing missing)", () => {
    got ??= columns(image, params);
    // types_breast1.json holds the original image's shape class only (its other classes are breast1_P1.json's).
    const own = [...got.keys()].filter((c) => file !== 'types_breast1.json' || !c.startsWith('original_') || c.startsWith('original_shape_'));
    expect(own.sort()).toEqual(rows.map(([column]) => column).sort());
  });
  for (const [column, value] of rows) {
    const reason = EXPECTED_FAILURES[`${file}:${column}`];
    const title = `${column} = ${value}${reason ? ` (expected failure: ${reason})` : ''}`;
    (reason ? test.fails : test)(title, () => {
      const ours = get(column);
      expect(ours, `no column ${column}`).toBeTypeOf('number');
      expect(Math.abs((ours as number) - value)).toBeLessThanOrEqual(zeroToRounding(value) ? ZERO_FLOOR : TOLERANCE * Math.abs(value));
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

test('the zero floor applies to exactly the 5 LBP2D entropies, each -log2(1 + eps) (PyRadiomics\' 0), and to no other row', () => {
  const floored: string[] = [];
  for (const { file } of CASES) {
    const reference = JSON.parse(readFileSync(`${REFERENCE}${file}`, 'utf8')) as ReferenceFile;
    for (const [column, value] of Object.entries(reference.features)) {
      if (zeroToRounding(value)) {
        floored.push(`${file}:${column}`);
        // -log2(1 + eps) within 2 ulps (firstorder and GLSZM give it 1 ulp apart from the GLCM ones, averaged over directions).
        expect(Math.abs(value + Math.log2(1 + Number.EPSILON))).toBeLessThanOrEqual(Number.EPSILON * 2 ** -51);
      } else if (value !== 0) {
        expect(TOLERANCE * Math.abs(value), `${file}:${column}`).toBeGreaterThan(1e3 * ZERO_FLOOR);
      }
    }
  }
  expect(floored.sort()).toEqual([
    'types_breast1.json:lbp-2D_firstorder_Entropy',
    'types_breast1.json:lbp-2D_glcm_DifferenceEntropy',
    'types_breast1.json:lbp-2D_glcm_JointEntropy',
    'types_breast1.json:lbp-2D_glcm_SumEntropy',
    'types_breast1.json:lbp-2D_glszm_ZoneEntropy',
  ]);
});
