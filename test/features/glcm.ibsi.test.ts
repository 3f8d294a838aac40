/**
 * IBSI 1 digital phantom: GLCM features (LFYI) computed directly on the phantom's FamilyInput
 * (test/helpers/digital-phantom.ts; no reader or preprocessing) against every digital_phantom row of
 * fixtures/ibsi1-reference-values/reference_values.csv for "Grey level co-occurrence based features":
 * 25 features x 6 aggregations = 150 rows, Chebyshev distance 1. Source of values: IBSI 1 reference
 * manual, chapter "Image features", GLCM tables (consensus "strong" or "very strong"; every tolerance
 * is 0, i.e. equality at 3 significant digits). Rows are matched to features by IBSI code and
 * aggregation.
 *
 * A second block runs the 100 GLCM rows of CT phantom configuration A (2D methods only), whose
 * preprocessing is simple enough to do here by hand (manual, "Reference data sets", config A): no
 * interpolation, re-segmentation to [-500, 400] HU, fixed bin size 25 HU from -500 (N_g = highest bin
 * in the ROI). Its rows carry real tolerances and exercise a 204 x 201 x 60 box with 36 grey levels.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readNifti } from '../../src/io/nifti.js';
import { GLCM_FEATURES, glcmFamily, type GlcmParams } from '../../src/features/glcm/index.js';
import { MATRIX_AGGREGATIONS, type FamilyInput } from '../../src/features/types.js';
import { phantomFamilyInput } from '../helpers/digital-phantom.js';
import { matchesReference, referenceRows, type ReferenceRow } from '../helpers/reference.js';

const PARAMS: GlcmParams = { aggregations: MATRIX_AGGREGATIONS, distance: 1, maxMatrixBytes: 2 ** 24 };
const output = glcmFamily.compute(phantomFamilyInput(), PARAMS);
const rows = referenceRows('digital_phantom', glcmFamily.title);
const FEATURES: Record<string, { readonly ibsi: string | null; readonly name: string }> = GLCM_FEATURES;

interface Case {
  readonly row: ReferenceRow;
  readonly key: string | undefined;
  readonly value: number | null | undefined;
}

function casesOf(configRows: readonly ReferenceRow[], out: typeof output): Case[] {
  return configRows.map((row) => {
    const key = Object.keys(FEATURES).find((k) => FEATURES[k].ibsi === row.ibsi);
    const value = out.values.find((v) => v.feature === key && v.aggregation === row.aggregation && v.distance === 1)?.value;
    return { row, key, value };
  });
}

function check(c: Case): void {
  expect(c.key, `no glcm feature with code ${c.row.ibsi}`).toBeDefined();
  expect(FEATURES[c.key as string].name, 'feature name must equal the reference feature_name').toBe(c.row.featureName);
  expect(c.value, `glcm.${c.key} ${c.row.aggregation} was not computed`).not.toBeUndefined();
  expect(matchesReference(c.value ?? null, c.row), `glcm.${c.key} ${c.row.aggregation} = ${c.value}, reference ${c.row.value} +- ${c.row.tolerance}`).toBe(true);
}

const cases = casesOf(rows, output);

const title = (c: Case) => `glcm.${c.key ?? `? (${c.row.featureName})`} [${c.row.ibsi}] ${c.row.aggregation} = ${c.row.value} (tol ${c.row.tolerance})`;

describe('IBSI 1 digital phantom: GLCM (150 reference rows)', () => {
  test('referenceRows("digital_phantom", "Grey level co-occurrence based features") has 150 rows', () => {
    expect(rows).toHaveLength(150);
  });

  test.each(cases.map((c) => [title(c), c] as const))('%s', (_title, c) => check(c));

  test('every GLCM feature has a reference row for each of the 6 aggregations', () => {
    const have = new Set(rows.map((r) => `${r.ibsi}:${r.featureName}:${r.aggregation}`));
    const missing: string[] = [];
    for (const [key, def] of Object.entries(FEATURES)) {
      expect(def.ibsi, `glcm.${key} needs an IBSI code`).not.toBeNull();
      for (const a of MATRIX_AGGREGATIONS) if (!have.has(`${def.ibsi}:${def.name}:${a}`)) missing.push(`glcm.${key} [${def.ibsi}] ${a}`);
    }
    expect(missing).toEqual([]);
    expect(Object.keys(FEATURES)).toHaveLength(25);
  });

  test('the phantom gives no warning and no null value', () => {
    expect(output.warnings).toEqual([]);
    expect(output.values).toHaveLength(150);
    expect(output.values.filter((v) => v.value === null)).toEqual([]);
  });
});

/** CT phantom, configuration A, preprocessed by hand (see the file comment). The box is the whole grid. */
function ctConfigAInput(): FamilyInput {
  const read = (name: string) => readNifti(readFileSync(new URL(`../../fixtures/ibsi1-ct-phantom/${name}`, import.meta.url)));
  const image = read('image.nii.gz');
  const mask = read('mask.nii.gz');
  const [nx, ny, nz] = image.shape;
  const levels = new Int32Array(nx * ny * nz);
  let nBins = 0;
  for (let z = 0, k = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, k++) {
        const v = image.voxels.get(x, y, z);
        if (mask.voxels.get(x, y, z) !== 1 || v < -500 || v > 400) continue;
        levels[k] = Math.floor((v + 500) / 25) + 1;
        nBins = Math.max(nBins, levels[k]);
      }
    }
  }
  // Only what the texture families read: the grey levels over the box and N_g.
  return { levels, boxShape: image.shape, nBins } as unknown as FamilyInput;
}

describe('IBSI 1 CT phantom, configuration A: GLCM (100 reference rows)', () => {
  const rowsA = referenceRows('A', glcmFamily.title);
  const casesA = casesOf(rowsA, glcmFamily.compute(ctConfigAInput(), { ...PARAMS, aggregations: ['2D_average', '2D_slice_merged', '2.5D_direction_merged', '2.5D_merged'] }));

  test('configuration A has 100 GLCM rows, all for the 2D and 2.5D methods', () => {
    expect(rowsA).toHaveLength(100);
    expect(new Set(rowsA.map((r) => r.aggregation))).toEqual(new Set(['2D_average', '2D_slice_merged', '2.5D_direction_merged', '2.5D_merged']));
  });

  test.each(casesA.map((c) => [title(c), c] as const))('A: %s', (_title, c) => check(c));
});
