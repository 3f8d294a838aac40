/**
 * IBSI 1 reference values for the morphological family (HCUG), computed directly on FamilyInput:
 * - the digital phantom (test/helpers/digital-phantom.ts): its 25 morphology rows of
 *   fixtures/ibsi1-reference-values/reference_values.csv (manual, "Morphological features" tables);
 * - the CT phantom under configuration A, preprocessed by hand as in intensity.ibsi.test.ts (no
 *   interpolation; intensity mask re-segmented to [-500, 400] HU, morphological mask as segmented):
 *   its 25 morphology rows. This exercises the FFT path of Moran's I / Geary's C (~110,000
 *   intensity-mask voxels), anisotropic spacing (0.977 x 0.977 x 3 mm) and the separate masks.
 * The four features without reference values (OMBB ZH1A / IQYR, MVEE SWZ1 / BRI8: "should not be
 * used") are asserted as the only exceptions; they are tested on known shapes in morphology.unit.test.ts.
 */
import { describe, expect, test } from 'vitest';
import type { FamilyInput, FeatureDef } from '../../src/features/types.js';
import { meshMeasures, MORPHOLOGY_DEFAULTS, MORPHOLOGY_FEATURES, morphologyFamily } from '../../src/features/morphology/index.js';
import { ctConfigAInput } from '../helpers/ct-phantom.js';
import { phantomFamilyInput } from '../helpers/digital-phantom.js';
import { matchesReference, referenceRows, type ReferenceRow } from '../helpers/reference.js';

const TITLE = 'Morphological features';
const FEATURES = MORPHOLOGY_FEATURES as Record<string, FeatureDef<never>>;

/** Coded features without a reference value in the manual, and why. */
const NO_REFERENCE: Record<string, string> = {
  ZH1A: 'volume density (OMBB): no reference value ("should not be used")',
  IQYR: 'area density (OMBB): no reference value ("should not be used")',
  SWZ1: 'volume density (MVEE): no reference value ("should not be used")',
  BRI8: 'area density (MVEE): no reference value ("should not be used")',
};

interface Case {
  readonly row: ReferenceRow;
  readonly key: string | undefined;
  readonly value: number | null | undefined;
}

function casesFor(config: string, input: FamilyInput): Case[] {
  const out = morphologyFamily.compute(input, MORPHOLOGY_DEFAULTS);
  return referenceRows(config, TITLE).map((row) => {
    const key = Object.keys(FEATURES).find((k) => FEATURES[k].ibsi === row.ibsi);
    return { row, key, value: out.values.find((v) => v.feature === key)?.value };
  });
}

const title = (c: Case) => `morph.${c.key ?? `? (${c.row.featureName})`} [${c.row.ibsi}] = ${c.row.value} (tol ${c.row.tolerance})`;

function check(c: Case): void {
  expect(c.key, `no morph feature with code ${c.row.ibsi}`).toBeDefined();
  expect(FEATURES[c.key as string].name, 'feature name must equal the reference feature_name').toBe(c.row.featureName);
  expect(matchesReference(c.value ?? null, c.row), `morph.${c.key} = ${c.value}, reference ${c.row.value} +- ${c.row.tolerance}`).toBe(true);
}

describe('IBSI 1 digital phantom: morphological features (25 reference rows)', () => {
  const cases = casesFor('digital_phantom', phantomFamilyInput());

  // scikit-image 0.19.3 marching_cubes on the padded phantom mask (either method) gives exactly these.
  test('mesh volume 556.333 and area 388.071 mm^2, as scikit-image marching cubes', () => {
    const input = phantomFamilyInput();
    const m = meshMeasures(input.morphMask, input.boxShape, input.spacing);
    expect(m.volume).toBeCloseTo(556.3333333333334, 10);
    expect(m.area).toBeCloseTo(388.0706298811092, 10);
  });

  test('the reference table has 25 morphology rows for the digital phantom', () => {
    expect(cases).toHaveLength(25);
  });

  test.each(cases.map((c) => [title(c), c] as const))('%s', (_t, c) => check(c));

  test('every coded feature has a reference row, except the four without reference values', () => {
    const codes = new Set(cases.map((c) => c.row.ibsi));
    const missing = Object.entries(FEATURES).filter(([, d]) => d.ibsi !== null && !codes.has(d.ibsi) && !(d.ibsi in NO_REFERENCE));
    expect(missing.map(([k]) => k)).toEqual([]);
    const exempt = Object.values(FEATURES).filter((d) => d.ibsi !== null && d.ibsi in NO_REFERENCE);
    expect(exempt.map((d) => d.ibsi).sort()).toEqual(Object.keys(NO_REFERENCE).sort());
    // The exceptions really have no row (the list cannot go stale).
    for (const code of Object.keys(NO_REFERENCE)) expect(codes.has(code), `${code} now has a reference row`).toBe(false);
  });

  test('the family has 29 IBSI features, each with an IBSI code and a formula, and 23 of compat mode pyradiomics (axis lengths, plane diameters, the 7 on PyRadiomics mesh, the 10 of shape2D) with a reason for having none', () => {
    expect(Object.values(FEATURES).filter((d) => d.compat === undefined)).toHaveLength(29);
    expect(Object.values(FEATURES).filter((d) => d.compat === 'pyradiomics' && d.ibsi === null && d.noIbsiReason)).toHaveLength(23);
    for (const d of Object.values(FEATURES)) {
      if (d.compat === undefined) expect(d.ibsi).toMatch(/^[0-9A-Z]{4}$/);
      expect(d.formula.length).toBeGreaterThan(5);
    }
  });
});

describe('IBSI 1 CT phantom, configuration A: morphological features (25 reference rows)', () => {
  const cases = casesFor('A', ctConfigAInput());

  test('the reference table has 25 morphology rows for configuration A', () => {
    expect(cases).toHaveLength(25);
  });

  test.each(cases.map((c) => [title(c), c] as const))('%s', (_t, c) => check(c));

  // Mesh of the CT phantom mask against scikit-image 0.19.3 marching_cubes(mask padded by 1, level 0.5,
  // spacing, method='lorensen'): volume 358407.62136572116 mm^3 (|sum of signed tetrahedra|), area
  // 35702.15647765266 mm^2 (mesh_surface_area). Our table reproduces its triangulation except for rare
  // 7-vertex loops and equal-area ties (see mcTable.ts), hence 1e-5 rather than equality.
  test('mesh volume and area agree with scikit-image marching cubes within 1e-5 relative', () => {
    const input = ctConfigAInput();
    const m = meshMeasures(input.morphMask, input.boxShape, input.spacing);
    expect(Math.abs(m.volume / 358407.62136572116 - 1)).toBeLessThan(1e-5);
    expect(Math.abs(m.area / 35702.15647765266 - 1)).toBeLessThan(1e-5);
  });
});
