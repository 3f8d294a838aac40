/**
 * regionGlszmValuesInto(levels, shape, offset, params): for every box of a grid of grey levels (a feature
 * map's kernels), glszmFamily.compute's values on the box, bit for bit (NaN for null), from the zone links
 * found once for the grid (zoneLinks.unit.test.ts tests the labelling); null unless the 3D method alone is asked for.
 */
import { describe, expect, test } from 'vitest';
import { glszmFamily, regionGlszmValuesInto } from '../../src/features/glszm.js';
import { MatrixScratch } from '../../src/features/matrixScratch.js';
import type { Vec3 } from '../../src/image/volume.js';
import { rng } from '../helpers/random.js';
import { expectComputeValues, randomGrid, randomGridBox } from '../helpers/valuesInto.js';

const shape: Vec3 = [9, 8, 6];
const offset: Vec3 = [3, 5, 2];

describe('regionGlszmValuesInto(levels, shape, offset, params)', () => {
  test("gives compute's values on each box of the grid, bit for bit, with few and many levels", () => {
    const random = rng(43);
    const scratch = new MatrixScratch();
    const out = new Float64Array(1024);
    let compared = 0;
    for (const [holes, levelCount] of [[0.25, 5], [0.1, 2], [0, 1], [0.5, 3]]) {
      const levels = randomGrid(random, shape, holes, levelCount);
      for (const aggregations of [['3D'], ['3D', '3D']]) {
        const params = { aggregations, maxMatrixBytes: 2 ** 20, scratch } as never;
        const into = regionGlszmValuesInto(levels, shape, offset, params);
        expect(into).not.toBeNull();
        for (let trial = 0; trial < 40; trial++) {
          // A random box of the grid, thin ones (one voxel along an axis) and the whole grid included.
          const input = randomGridBox(levels, shape, offset, random, trial % 5 === 1 ? 9 : 5, trial % 4 === 0);
          if (input === null) continue;
          const expected = glszmFamily.compute(input, params).values;
          compared += expectComputeValues(expected, out, into!(input, params, out)).compared;
        }
      }
    }
    expect(compared).toBeGreaterThan(2_000);
  });

  test('is null for the 2D and 2.5D methods (glszmValuesInto then)', () => {
    const levels = new Int32Array(8).fill(1);
    for (const aggregations of [['2D'], ['2.5D', '3D'], []]) {
      expect(regionGlszmValuesInto(levels, [2, 2, 2], [0, 0, 0], { aggregations, maxMatrixBytes: 2 ** 20 } as never)).toBeNull();
    }
  });
});
