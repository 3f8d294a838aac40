/**
 * glrlmValuesInto, the values-only path of feature maps: the values of glrlmFamily.compute, in order, bit
 * for bit, NaN where compute gives null, on random boxes (holes, single grey levels, a single voxel, thin
 * boxes with empty direction matrices), every aggregation, with and without PyRadiomics' weightingNorm.
 * (Every ROI voxel is a run in every direction, so a GLRLM feature is null only where an aggregation has
 * no matrix at all, which a non-empty ROI never gives.)
 */
import { describe, expect, test } from 'vitest';
import { glrlmFamily, glrlmValuesInto, type GlrlmParams } from '../../src/features/glrlm/index.js';
import { MATRIX_AGGREGATIONS, type FamilyInput } from '../../src/features/types.js';
import { MatrixScratch } from '../../src/features/matrixScratch.js';
import { textureInput } from '../helpers/texture-input.js';
import { rng } from '../helpers/random.js';
import { expectComputeValues, randomBoxes } from '../helpers/valuesInto.js';

describe('glrlmValuesInto(input, params, out)', () => {
  const random = rng(23);
  const variants: Partial<GlrlmParams>[] = [
    {},
    { aggregations: ['3D_average'] },
    { weightingNorm: 'manhattan' },
    { weightingNorm: 'euclidean' },
    // 3D methods only: glrlmValuesInto's own path (no aggregateDirectional), in either order, with repeats and weights.
    { aggregations: ['3D_merged'] },
    { aggregations: ['3D_merged', '3D_average', '3D_merged'] },
    { aggregations: ['3D_average', '3D_merged'], weightingNorm: 'euclidean' },
    { aggregations: ['3D_merged', '3D_average'], weightingNorm: 'infinity' },
  ];
  test("gives compute's values bit for bit (null as NaN), reusing one working memory", () => {
    const scratch = new MatrixScratch();
    const out = new Float64Array(1024);
    let compared = 0;
    for (const { shape, levels } of randomBoxes(random, 6)) {
      for (const variant of variants) {
        const params = { aggregations: MATRIX_AGGREGATIONS, maxMatrixBytes: 2 ** 20, ...variant, scratch } as GlrlmParams;
        const input = { ...textureInput(levels, shape), spacing: [1, 1, 2] } as FamilyInput;
        const expected = glrlmFamily.compute(input, params).values;
        const count = glrlmValuesInto(input, params, out);
        compared += expectComputeValues(expected, out, count).compared;
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});
