/**
 * zoneLinks(levels, shape, offset) and labelBoxZones(links, boxOffset, levels, boxShape, scratch): on boxes
 * of a random grid of grey levels (thin ones included), the zones of labelZones on the box: the same count,
 * labels (zone ids), levels and sizes.
 */
import { describe, expect, test } from 'vitest';
import { labelZones } from '../../src/features/zones.js';
import { labelBoxZones, zoneLinks } from '../../src/features/zoneLinks.js';
import { MatrixScratch } from '../../src/features/matrixScratch.js';
import type { Vec3 } from '../../src/image/volume.js';
import { rng } from '../helpers/random.js';
import { randomGrid, randomGridBox } from '../helpers/valuesInto.js';

const shape: Vec3 = [9, 8, 6];
const offset: Vec3 = [3, 5, 2];

describe('labelBoxZones(zoneLinks(levels, shape, offset), boxOffset, levels, boxShape, scratch)', () => {
  test('gives the zones of labelZones (ids, levels, sizes) on boxes of the grid', () => {
    const random = rng(44);
    const levels = randomGrid(random, shape, 0.2, 3);
    const links = zoneLinks(levels, shape, offset);
    for (let trial = 0; trial < 60; trial++) {
      const input = randomGridBox(levels, shape, offset, random, 6, trial % 4 === 0);
      if (input === null) continue;
      const expected = labelZones(input.levels, input.boxShape, true);
      const got = labelBoxZones(links, input.boxOffset, input.levels, input.boxShape, new MatrixScratch());
      expect(got.count).toBe(expected.count);
      expect([...got.labels]).toEqual([...expected.labels]);
      expect([...got.level.subarray(0, got.count)]).toEqual([...expected.level.subarray(0, expected.count)]);
      expect([...got.size.subarray(0, got.count)]).toEqual([...expected.size.subarray(0, expected.count)]);
    }
  });
});
