/**
 * statisticsValuesInto, the values-only path of feature maps: statisticsFamily.compute's values, in
 * order, bit for bit, NaN where compute gives null (constant values: skewness, kurtosis), both compat
 * modes, with and without working memory, on small random ROIs (a feature map's kernels).
 */
import { describe, expect, test } from 'vitest';
import { statisticsFamily, statisticsValuesInto, type StatisticsParams } from '../../src/features/statistics.js';
import type { FamilyInput } from '../../src/features/types.js';
import { MatrixScratch } from '../../src/features/matrixScratch.js';
import { rng } from '../helpers/random.js';
import { expectComputeValues } from '../helpers/valuesInto.js';

describe('statisticsValuesInto(input, params, out)', () => {
  test("gives compute's values bit for bit (null as NaN)", () => {
    const random = rng(31);
    const scratch = new MatrixScratch();
    const out = new Float64Array(256);
    let compared = 0;
    let nulls = 0;
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + Math.floor(random() * 125);
      const constant = trial % 5 === 0;
      const roiValues = Float64Array.from({ length: n }, () => (constant ? 7 : Math.round(random() * 2000) - 300 + random()));
      const input = { roiValues, spacing: [1, 0.9, 2.5] } as unknown as FamilyInput;
      const variants: StatisticsParams[] = [{}, { compat: 'pyradiomics', voxelArrayShift: 0, scratch }, { compat: 'pyradiomics', voxelArrayShift: 1000 }, { compat: 'ibsi', scratch }];
      for (const params of variants) {
        const expected = statisticsFamily.compute(input, params).values;
        const count = statisticsValuesInto(input, params, out);
        const checked = expectComputeValues(expected, out, count);
        compared += checked.compared;
        nulls += checked.nulls;
      }
    }
    expect(compared).toBeGreaterThan(4_000);
    expect(nulls).toBeGreaterThan(0);
  });
});
