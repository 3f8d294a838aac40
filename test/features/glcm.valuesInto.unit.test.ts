/**
 * glcmValuesInto, the values-only path of feature maps: the values of glcmFamily.compute, in order, bit
 * for bit, NaN where compute gives null, on random boxes (holes, single grey levels, a single voxel, thin
 * boxes with empty direction matrices), every aggregation, both compat modes, symmetric or not.
 */
import { describe, expect, test } from 'vitest';
import { glcmFamily, glcmValuesInto, type GlcmParams } from '../../src/features/glcm/index.js';
import { MATRIX_AGGREGATIONS, type FamilyInput } from '../../src/features/types.js';
import { MatrixScratch } from '../../src/features/matrixScratch.js';
import { textureInput } from '../helpers/texture-input.js';
import { rng } from '../helpers/random.js';
import { expectComputeValues, randomBoxes } from '../helpers/valuesInto.js';

describe('glcmValuesInto(input, params, out)', () => {
  const random = rng(22);
  const variants: Partial<GlcmParams>[] = [{}, { compat: 'pyradiomics' }, { compat: 'pyradiomics', symmetric: false }, { distance: 2 }, { compat: 'pyradiomics', weightingNorm: 'manhattan' }];
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
});
