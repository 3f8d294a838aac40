/**
 * regionGlrlmValuesInto(levels, shape, offset, params): for every box of a grid of grey levels (a feature
 * map's kernels), glrlmFamily.compute's values on the box, bit for bit (NaN for null), from the run links
 * found once for the grid; each direction's matrix from countBoxRuns / fillDirection equal to
 * accumulateGlrlm's; null unless only 3D methods are asked for.
 */
import { describe, expect, test } from 'vitest';
import { glrlmFamily, regionGlrlmValuesInto, accumulateGlrlm } from '../../src/features/glrlm/index.js';
import { clearLongRuns, countBoxRuns, emptyBoxRuns, fillDirection, mergeRuns, runLinks } from '../../src/features/glrlm/regionRuns.js';
import { DIRECTIONS_3D } from '../../src/features/directions.js';
import { presentLevels, rankLevels } from '../../src/features/levels.js';
import { MatrixScratch } from '../../src/features/matrixScratch.js';
import type { FamilyInput } from '../../src/features/types.js';
import type { Vec3 } from '../../src/image/volume.js';
import { rng } from '../helpers/random.js';
import { expectComputeValues, randomGrid, randomGridBox } from '../helpers/valuesInto.js';

const shape: Vec3 = [9, 8, 7];
const offset: Vec3 = [3, 5, 2];

const GRIDS: [number, number][] = [
  [0.25, 5],
  [0.1, 2],
  [0, 1],
  [0.5, 3],
];

describe('regionGlrlmValuesInto(levels, shape, offset, params)', () => {
  test("gives compute's values on each box of the grid, bit for bit, 3D methods with and without weights", () => {
    const random = rng(47);
    const scratch = new MatrixScratch();
    const out = new Float64Array(1024);
    let compared = 0;
    for (const [holes, levelCount] of GRIDS) {
      const levels = randomGrid(random, shape, holes, levelCount);
      for (const variant of [{ aggregations: ['3D_average', '3D_merged'] }, { aggregations: ['3D_merged'] }, { aggregations: ['3D_average'], weightingNorm: 'euclidean' }, { aggregations: ['3D_merged', '3D_average'], weightingNorm: 'manhattan' }]) {
        const params = { maxMatrixBytes: 2 ** 20, ...variant, scratch } as never;
        const into = regionGlrlmValuesInto(levels, shape, offset, params);
        expect(into).not.toBeNull();
        for (let trial = 0; trial < 30; trial++) {
          // A random box of the grid: thin ones, 5 x 5 x 5 and smaller, and some over 255 voxels (walked instead).
          const box = randomGridBox(levels, shape, offset, random, trial % 5 === 1 ? 9 : 5, trial % 4 === 0);
          if (box === null) continue;
          const input = { ...box, spacing: [1, 1, 2] } as FamilyInput;
          const expected = glrlmFamily.compute(input, params).values;
          compared += expectComputeValues(expected, out, into!(input, params, out)).compared;
        }
      }
    }
    expect(compared).toBeGreaterThan(5_000);
  });

  test("countBoxRuns then fillDirection gives accumulateGlrlm's matrix of each direction and its ROI voxels, mergeRuns their sum", () => {
    const random = rng(48);
    const runs = emptyBoxRuns();
    let boxes = 0;
    for (const [holes, levelCount] of GRIDS) {
      const levels = randomGrid(random, shape, holes, levelCount);
      const links = runLinks(levels, shape, offset);
      for (let trial = 0; trial < 40; trial++) {
        const input = randomGridBox(levels, shape, offset, random, 5, trial % 4 === 0);
        if (input === null) continue;
        const present = presentLevels(input.levels);
        const ranks = rankLevels(input.levels, present);
        const rows = present.values.length;
        const maxRun = Math.max(...input.boxShape);
        const voxels = countBoxRuns(links, input.boxOffset, input.boxShape, ranks, rows, maxRun, runs);
        const sum = new Float64Array(rows * maxRun);
        // One matrix for all directions, as glrlm3DValuesInto: each written over the last (fillDirection, clearLongRuns).
        const got = new Float64Array(rows * maxRun);
        DIRECTIONS_3D.forEach((direction, d) => {
          const expected = new Float64Array(rows * maxRun);
          expect(voxels).toBe(accumulateGlrlm(expected, maxRun, ranks, input.boxShape, direction, 0, input.boxShape[2]));
          fillDirection(runs, d, rows, maxRun, got);
          expect([...got]).toEqual([...expected]);
          clearLongRuns(runs, d, got);
          for (let c = 0; c < sum.length; c++) sum[c] += expected[c];
        });
        const merged = new Float64Array(rows * maxRun);
        mergeRuns(runs, rows, maxRun, merged);
        expect([...merged]).toEqual([...sum]);
        boxes++;
      }
    }
    expect(boxes).toBeGreaterThan(100);
  });

  test('is null with a 2D or 2.5D method (glrlmValuesInto then)', () => {
    const levels = new Int32Array(8).fill(1);
    for (const aggregations of [['2D_average'], ['3D_average', '2.5D_merged']]) {
      expect(regionGlrlmValuesInto(levels, [2, 2, 2], [0, 0, 0], { aggregations, maxMatrixBytes: 2 ** 20 } as never)).toBeNull();
    }
  });
});
