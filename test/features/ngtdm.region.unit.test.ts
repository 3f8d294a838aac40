/**
 * regionNgtdmValuesInto(levels, shape, offset, params): for every box of a grid of grey levels (a feature
 * map's kernels), ngtdmFamily.compute's values on the box, bit for bit (NaN for null), from cube, face and
 * edge sums made once for the grid; null unless distance 1 and the 3D aggregation alone.
 */
import { describe, expect, test } from 'vitest';
import { ngtdmFamily, regionNgtdmValuesInto } from '../../src/features/ngtdm.js';
import { MatrixScratch } from '../../src/features/matrixScratch.js';
import type { Vec3 } from '../../src/image/volume.js';
import { rng } from '../helpers/random.js';
import { expectComputeValues, randomGrid, randomGridBox } from '../helpers/valuesInto.js';

describe('regionNgtdmValuesInto(levels, shape, offset, params)', () => {
  test.each([0.25, 0.8])("gives compute's values on each box of the grid, bit for bit (holes %s)", (hole) => {
    const random = rng(43);
    const shape: Vec3 = [9, 8, 6];
    const offset: Vec3 = [2, 0, 7];
    const levels = randomGrid(random, shape, hole, 6);
    const scratch = new MatrixScratch();
    const out = new Float64Array(64);
    const params = { aggregations: ['3D'], distance: 1, maxMatrixBytes: 2 ** 20, scratch } as never;
    const into = regionNgtdmValuesInto(levels, shape, offset, params);
    expect(into).not.toBeNull();
    let compared = 0;
    let nulls = 0;
    for (let trial = 0; trial < 300; trial++) {
      // A random box of the grid, thin ones (one voxel along an axis) included.
      const input = randomGridBox(levels, shape, offset, random, 6, trial % 4 === 0);
      if (input === null) continue;
      const checked = expectComputeValues(ngtdmFamily.compute(input, params).values, out, into!(input, params, out));
      compared += checked.compared;
      nulls += checked.nulls;
    }
    expect(compared).toBeGreaterThan(1_000);
    if (hole > 0.5) expect(nulls).toBeGreaterThan(0); // sparse grids leave kernels where no voxel has a neighbour (N_vc = 0)
  });

  test('is null at distance 2 or with a 2D / 2.5D aggregation', () => {
    const levels = new Int32Array(8).fill(1);
    expect(regionNgtdmValuesInto(levels, [2, 2, 2], [0, 0, 0], { aggregations: ['3D'], distance: 2, maxMatrixBytes: 2 ** 20 })).toBeNull();
    expect(regionNgtdmValuesInto(levels, [2, 2, 2], [0, 0, 0], { aggregations: ['2D', '3D'], distance: 1, maxMatrixBytes: 2 ** 20 })).toBeNull();
    expect(regionNgtdmValuesInto(levels, [2, 2, 2], [0, 0, 0], { aggregations: ['3D', '3D'], distance: 1, maxMatrixBytes: 2 ** 20 })).not.toBeNull();
  });
});
