/**
 * glcmValuesInto, the values-only path of feature maps: the values of glcmFamily.compute, in order, bit
 * for bit, NaN where compute gives null, on random boxes (holes, single grey levels, a single voxel, thin
 * boxes with empty direction matrices), every aggregation, both compat modes, symmetric or not. The 3D
 * path adds each feature at its own call site (glcm/index.ts computeFeatureValues): a feature added to,
 * dropped from or moved in GLCM_FEATURES without those calls makes its 3D values part from
 * compute's here, as does a compat mode whose features are not a prefix of the table.
 */
import { describe, expect, test } from 'vitest';
import { GLCM_FEATURES, glcmFamily, glcmValuesInto, type GlcmParams } from '../../src/features/glcm/index.js';
import { featureComputes, featuresFor } from '../../src/features/evaluate.js';
import { MATRIX_AGGREGATIONS, type FamilyInput } from '../../src/features/types.js';
import { MatrixScratch } from '../../src/features/matrixScratch.js';
import { textureInput } from '../helpers/texture-input.js';
import { rng } from '../helpers/random.js';
import { expectComputeValues, randomBoxes } from '../helpers/valuesInto.js';

describe('glcmValuesInto(input, params, out)', () => {
  const random = rng(22);
  const variants: Partial<GlcmParams>[] = [
    {},
    { compat: 'pyradiomics' },
    { compat: 'pyradiomics', symmetric: false },
    { distance: 2 },
    { compat: 'pyradiomics', weightingNorm: 'manhattan' },
    // 3D methods only: glcmValuesInto's own path (no aggregateDirectional), in either order, with repeats,
    // both compat modes, weights and PyRadiomics' distances; asymmetric still through glcmParts.
    { aggregations: ['3D_average'] },
    { aggregations: ['3D_merged'], compat: 'pyradiomics' },
    { aggregations: ['3D_average', '3D_merged'] },
    { aggregations: ['3D_merged', '3D_average', '3D_merged'], compat: 'pyradiomics' },
    { aggregations: ['3D_average', '3D_merged'], compat: 'pyradiomics', weightingNorm: 'euclidean' },
    { aggregations: ['3D_merged', '3D_average'], weightingNorm: 'infinity', distance: 2 },
    { aggregations: ['3D_average', '3D_merged'], compat: 'pyradiomics', pyradiomicsDistances: [1, 2] },
    { aggregations: ['3D_average', '3D_merged'], compat: 'pyradiomics', symmetric: false },
  ];
  test('gives compute\'s values bit for bit (null as NaN), reusing one working memory', () => {
    const scratch = new MatrixScratch();
    const out = new Float64Array(1024);
    let compared = 0;
    let nulls = 0;
    for (const { shape, levels } of randomBoxes(random, 6)) {
      for (const variant of variants) {
        const params = { aggregations: MATRIX_AGGREGATIONS, distance: 1, maxMatrixBytes: 2 ** 20, ...variant, scratch } as GlcmParams;
        const input = { ...textureInput(levels, shape), spacing: [1, 1, 2] } as FamilyInput;
        const expected = glcmFamily.compute(input, params).values;
        const count = glcmValuesInto(input, params, out);
        const checked = expectComputeValues(expected, out, count);
        compared += checked.compared;
        nulls += checked.nulls;
      }
    }
    expect(compared).toBeGreaterThan(10_000);
    expect(nulls).toBeGreaterThan(100);
  });

  test("each compat mode's features are a prefix of GLCM_FEATURES: 25 (ibsi), 28 (pyradiomics), as the 3D path's per-feature calls assume", () => {
    const all = featureComputes(GLCM_FEATURES);
    for (const [compat, count] of [['ibsi', 25], ['pyradiomics', 28]] as const) {
      const own = featureComputes(featuresFor(GLCM_FEATURES, compat));
      expect(own.length).toBe(count);
      expect(own).toEqual(all.slice(0, count));
    }
    expect(all.length).toBe(28);
  });
});
