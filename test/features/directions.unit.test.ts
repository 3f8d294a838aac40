/** boxFaceMasks: which neighbour offsets stay inside a box, by a voxel's place on its faces. */
import { describe, expect, test } from 'vitest';
import { boxFaceMasks, DIRECTIONS_3D } from '../../src/features/directions.js';

describe('boxFaceMasks', () => {
  const masks = boxFaceMasks(DIRECTIONS_3D);
  const bitsOf = (c: number) => DIRECTIONS_3D.map((_, o) => (masks[c] >> o) & 1);

  test('inside on every axis: all 13 offsets; one voxel thick on every axis: none', () => {
    expect(masks[0]).toBe((1 << 13) - 1);
    expect(masks[63]).toBe(0);
  });

  test('each of the 64 places keeps exactly the offsets that land inside a real box from a voxel at that place', () => {
    // Per axis: place 0 = coordinate 1 of 3, 1 = 0 of 3 (low face), 2 = 2 of 3 (high face), 3 = 0 of 1.
    const at = [
      [1, 3],
      [0, 3],
      [2, 3],
      [0, 1],
    ];
    for (let c = 0; c < 64; c++) {
      const place = [c & 3, (c >> 2) & 3, (c >> 4) & 3];
      const want = DIRECTIONS_3D.map((m) => +m.every((d, axis) => {
        const [coordinate, size] = at[place[axis]];
        return coordinate + d >= 0 && coordinate + d < size;
      }));
      expect(bitsOf(c), `place ${place}`).toEqual(want);
    }
  });

  test('on the low x face, [-1, 1, 0] leaves the box and [1, 0, 0] stays', () => {
    const c = 1;
    expect(bitsOf(c)[DIRECTIONS_3D.findIndex(([x, y, z]) => x === -1 && y === 1 && z === 0)]).toBe(0);
    expect(bitsOf(c)[0]).toBe(1);
  });
});
