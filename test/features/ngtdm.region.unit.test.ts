/**
 * regionNgtdmValuesInto(levels, shape, offset, params): for every box of a grid of grey levels (a feature
 * map's kernels), ngtdmFamily.compute's values on the box, bit for bit (NaN for null), from cube, face and
 * edge sums made once for the grid; null unless distance 1 and the 3D aggregation alone.
 */
import { describe, expect, test } from 'vitest';
import { ngtdmFamily, regionNgtdmValuesInto } from '../../src/features/ngtdm.js';
import type { FamilyInput } from '../../src/features/types.js';
import { MatrixScratch } from '../../src/features/matrixScratch.js';
import type { Vec3 } from '../../src/image/volume.js';
import { rng } from '../helpers/random.js';
import { expectComputeValues } from '../helpers/valuesInto.js';

describe('regionNgtdmValuesInto(levels, shape, offset, params)', () => {
  test.each([0.25, 0.8])("gives compute's values on each box of the grid, bit for bit (holes %s)", (hole) => {
    const random = rng(43);
    const shape: Vec3 = [9, 8, 6];
    const offset: Vec3 = [2, 0, 7];
    const [nx, ny, nz] = shape;
    const levels = Int32Array.from({ length: nx * ny * nz }, () => (random() < hole ? 0 : 1 + Math.floor(random() * 6)));
    const scratch = new MatrixScratch();
    const out = new Float64Array(64);
    const params = { aggregations: ['3D'], distance: 1, maxMatrixBytes: 2 ** 20, scratch } as never;
    const into = regionNgtdmValuesInto(levels, shape, offset, params);
    expect(into).not.toBeNull();
    let compared = 0;
    let nulls = 0;
    for (let trial = 0; trial < 300; trial++) {
      // A random box of the grid, thin ones (one voxel along an axis) included.
      const lo = [0, 1, 2].map((a) => Math.floor(random() * shape[a]));
      const hi = lo.map((l, a) => Math.min(shape[a] - 1, l + Math.floor(random() * (trial % 4 === 0 ? 1 : 6))));
      const box: Vec3 = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
      const boxLevels = new Int32Array(box[0] * box[1] * box[2]);
      for (let z = 0, j = 0; z < box[2]; z++)
        for (let y = 0; y < box[1]; y++) for (let x = 0; x < box[0]; x++, j++) boxLevels[j] = levels[lo[0] + x + nx * (lo[1] + y + ny * (lo[2] + z))];
      if (!boxLevels.some((g) => g > 0)) continue;
      const input = { levels: boxLevels, boxShape: box, boxOffset: [offset[0] + lo[0], offset[1] + lo[1], offset[2] + lo[2]], nBins: Math.max(...boxLevels) } as unknown as FamilyInput;
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
