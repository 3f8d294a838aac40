/**
 * regionNgldmValuesInto(levels, shape, offset, params): for every box of a grid of grey levels (a feature
 * map's kernels), ngldmFamily.compute's values on the box, bit for bit (NaN for null), from dependence bits
 * found once for the grid; null at a distance other than 1.
 */
import { describe, expect, test } from 'vitest';
import { ngldmFamily, regionNgldmValuesInto } from '../../src/features/ngldm.js';
import { ZONE_AGGREGATIONS, type FamilyInput } from '../../src/features/types.js';
import { MatrixScratch } from '../../src/features/matrixScratch.js';
import type { Vec3 } from '../../src/image/volume.js';
import { rng } from '../helpers/random.js';
import { expectComputeValues } from '../helpers/valuesInto.js';

describe('regionNgldmValuesInto(levels, shape, offset, params)', () => {
  test("gives compute's values on each box of the grid, bit for bit, every aggregation, alpha 0 and 1", () => {
    const random = rng(41);
    const shape: Vec3 = [9, 8, 6];
    const offset: Vec3 = [3, 5, 2];
    const [nx, ny, nz] = shape;
    const levels = Int32Array.from({ length: nx * ny * nz }, () => (random() < 0.25 ? 0 : 1 + Math.floor(random() * 5)));
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
          const lo = [0, 1, 2].map((a) => Math.floor(random() * shape[a]));
          const hi = lo.map((l, a) => Math.min(shape[a] - 1, l + Math.floor(random() * (trial % 4 === 0 ? 1 : 5))));
          const box: Vec3 = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
          const boxLevels = new Int32Array(box[0] * box[1] * box[2]);
          for (let z = 0, j = 0; z < box[2]; z++)
            for (let y = 0; y < box[1]; y++) for (let x = 0; x < box[0]; x++, j++) boxLevels[j] = levels[lo[0] + x + nx * (lo[1] + y + ny * (lo[2] + z))];
          if (!boxLevels.some((g) => g > 0)) continue;
          const input = { levels: boxLevels, boxShape: box, boxOffset: [offset[0] + lo[0], offset[1] + lo[1], offset[2] + lo[2]], nBins: Math.max(...boxLevels) } as unknown as FamilyInput;
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
