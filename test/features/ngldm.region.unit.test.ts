/**
 * regionNgldmValuesInto(levels, shape, offset, params): for every box of a grid of grey levels (a feature
 * map's kernels), ngldmFamily.compute's values on the box, bit for bit (NaN for null), from dependence bits
 * found once for the grid; null at a distance other than 1.
 */
import { describe, expect, test } from 'vitest';
import { ngldmFamily, regionNgldmValuesInto } from '../../src/features/ngldm.js';
import { ZONE_AGGREGATIONS } from '../../src/features/types.js';
import { MatrixScratch } from '../../src/features/matrixScratch.js';
import type { Vec3 } from '../../src/image/volume.js';
import { rng } from '../helpers/random.js';
import { expectComputeValues, randomGrid, randomGridBox } from '../helpers/valuesInto.js';

describe('regionNgldmValuesInto(levels, shape, offset, params)', () => {
  test("gives compute's values on each box of the grid, bit for bit, every aggregation, alpha 0 and 1", () => {
    const random = rng(41);
    const shape: Vec3 = [9, 8, 6];
    const offset: Vec3 = [3, 5, 2];
    const levels = randomGrid(random, shape, 0.25, 5);
    const scratch = new MatrixScratch();
    const out = new Float64Array(1024);
    let compared = 0;
    for (const alpha of [0, 1]) {
      for (const aggregations of [ZONE_AGGREGATIONS, ['3D'], ['2D', '2.5D']]) {
        const params = { aggregations, distance: 1, alpha, maxMatrixBytes: 2 ** 20, scratch } as never;
        const into = regionNgldmValuesInto(levels, shape, offset, params);
        expect(into).not.toBeNull();
        for (let trial = 0; trial < 40; trial++) {
          // A random box of the grid, thin ones (one voxel along an axis) included.
          const input = randomGridBox(levels, shape, offset, random, 5, trial % 4 === 0);
          if (input === null) continue;
          const expected = ngldmFamily.compute(input, params).values;
          compared += expectComputeValues(expected, out, into!(input, params, out)).compared;
        }
      }
    }
    expect(compared).toBeGreaterThan(2_000);
  });

  test('is null at distance 2 (no dependence bits)', () => {
    expect(regionNgldmValuesInto(new Int32Array(8).fill(1), [2, 2, 2], [0, 0, 0], { aggregations: ['3D'], distance: 2, alpha: 0, maxMatrixBytes: 2 ** 20 })).toBeNull();
  });
});
