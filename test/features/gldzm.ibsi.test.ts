/**
 * IBSI 1 digital phantom: GLDZM features (VMDZ) computed directly on the phantom's FamilyInput
 * (test/helpers/digital-phantom.ts; no reader or preprocessing), against every digital_phantom row of
 * fixtures/ibsi1-reference-values/reference_values.csv for "Grey level distance zone based features":
 * 16 features x 3 aggregations = 48 rows. Source of values: IBSI 1 reference manual, chapter "Image
 * features", GLDZM tables (every tolerance is 0, i.e. equality at 3 significant digits). Rows are
 * matched to features by IBSI code and aggregation.
 *
 * A second block runs the 32 GLDZM rows of CT phantom configuration A (2D and 2.5D only), whose
 * preprocessing is simple enough to do here by hand (manual, "Reference data sets", config A): no
 * interpolation, re-segmentation to [-500, 400] HU, fixed bin size 25 HU from -500. The morphological
 * mask is the mask before re-segmentation. Its rows carry real tolerances.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readNifti } from '../../src/io/nifti.js';
import { GLDZM_FEATURES, gldzmFamily, type GldzmParams } from '../../src/features/gldzm.js';
import { ZONE_AGGREGATIONS, type FamilyInput } from '../../src/features/types.js';
import { phantomFamilyInput } from '../helpers/digital-phantom.js';
import { matchesReference, referenceRows, type ReferenceRow } from '../helpers/reference.js';

const PARAMS: GldzmParams = { aggregations: ZONE_AGGREGATIONS, maxMatrixBytes: 2 ** 24 };
const output = gldzmFamily.compute(phantomFamilyInput(), PARAMS);
const rows = referenceRows('digital_phantom', gldzmFamily.title);
const FEATURES: Record<string, { readonly ibsi: string | null; readonly name: string }> = GLDZM_FEATURES;

interface Case {
  readonly row: ReferenceRow;
  readonly key: string | undefined;
  readonly value: number | null | undefined;
}

function casesOf(configRows: readonly ReferenceRow[], out: typeof output): Case[] {
  return configRows.map((row) => {
    const key = Object.keys(FEATURES).find((k) => FEATURES[k].ibsi === row.ibsi);
    const value = out.values.find((v) => v.feature === key && v.aggregation === row.aggregation)?.value;
    return { row, key, value };
  });
}

function check(c: Case): void {
  expect(c.key, `no gldzm feature with code ${c.row.ibsi}`).toBeDefined();
  expect(FEATURES[c.key as string].name, 'feature name must equal the reference feature_name').toBe(c.row.featureName);
  expect(c.value, `gldzm.${c.key} ${c.row.aggregation} was not computed`).not.toBeUndefined();
  expect(matchesReference(c.value ?? null, c.row), `gldzm.${c.key} ${c.row.aggregation} = ${c.value}, reference ${c.row.value} +- ${c.row.tolerance}`).toBe(true);
}

const cases = casesOf(rows, output);

const title = (c: Case) => `gldzm.${c.key ?? `? (${c.row.featureName})`} [${c.row.ibsi}] ${c.row.aggregation} = ${c.row.value} (tol ${c.row.tolerance})`;

describe('IBSI 1 digital phantom: GLDZM (48 reference rows)', () => {
  test('referenceRows("digital_phantom", "Grey level distance zone based features") has 48 rows', () => {
    expect(rows).toHaveLength(48);
  });

  test.each(cases.map((c) => [title(c), c] as const))('%s', (_title, c) => check(c));

  test('every GLDZM feature has a reference row for each of the 3 aggregations', () => {
    const have = new Set(rows.map((r) => `${r.ibsi}:${r.featureName}:${r.aggregation}`));
    const missing: string[] = [];
    for (const [key, def] of Object.entries(FEATURES)) {
      expect(def.ibsi, `gldzm.${key} needs an IBSI code`).not.toBeNull();
      for (const a of ZONE_AGGREGATIONS) if (!have.has(`${def.ibsi}:${def.name}:${a}`)) missing.push(`gldzm.${key} [${def.ibsi}] ${a}`);
    }
    expect(missing).toEqual([]);
    expect(Object.keys(FEATURES)).toHaveLength(16);
  });

  test('the phantom gives no warning and no null value', () => {
    expect(output.warnings).toEqual([]);
    expect(output.values).toHaveLength(48);
    expect(output.values.filter((v) => v.value === null)).toEqual([]);
    expect(output.values.every((v) => !('distance' in v))).toBe(true);
  });
});

/** CT phantom, configuration A, preprocessed by hand (see the file comment). The box is the whole grid. */
function ctConfigAInput(): FamilyInput {
  const read = (name: string) => readNifti(readFileSync(new URL(`../../fixtures/ibsi1-ct-phantom/${name}`, import.meta.url)));
  const image = read('image.nii.gz');
  const mask = read('mask.nii.gz');
  const [nx, ny, nz] = image.shape;
  const levels = new Int32Array(nx * ny * nz);
  const morphMask = new Uint8Array(nx * ny * nz);
  for (let z = 0, k = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, k++) {
        if (mask.voxels.get(x, y, z) !== 1) continue;
        morphMask[k] = 1;
        const v = image.voxels.get(x, y, z);
        if (v >= -500 && v <= 400) levels[k] = Math.floor((v + 500) / 25) + 1;
      }
    }
  }
  // Only what the texture families read: the grey levels and the morphological mask over the box.
  return { levels, morphMask, boxShape: image.shape } as unknown as FamilyInput;
}

describe('IBSI 1 CT phantom, configuration A: GLDZM (32 reference rows)', () => {
  const PARAMS_A: GldzmParams = { aggregations: ['2D', '2.5D'], maxMatrixBytes: 2 ** 26 };
  const rowsA = referenceRows('A', gldzmFamily.title);
  const casesA = casesOf(rowsA, gldzmFamily.compute(ctConfigAInput(), PARAMS_A));

  test('configuration A has 32 GLDZM rows, all for 2D and 2.5D', () => {
    expect(rowsA).toHaveLength(32);
    expect(new Set(rowsA.map((r) => r.aggregation))).toEqual(new Set(['2D', '2.5D']));
  });

  test.each(casesA.map((c) => [title(c), c] as const))('A: %s', (_title, c) => check(c));
});
