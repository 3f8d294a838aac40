import { describe, expect, test } from 'vitest';
import { boundaryIndex, BOUNDARY_MODES, type BoundaryMode } from '../../../src/preprocess/filters/index.js';

/** Row a b c d (indices 0..3) read at -3..6; -1 stands for a zero (constant padding). */
const EXTENDED: Record<BoundaryMode, number[]> = {
  constant: [-1, -1, -1, 0, 1, 2, 3, -1, -1, -1],
  nearest: [0, 0, 0, 0, 1, 2, 3, 3, 3, 3],
  wrap: [1, 2, 3, 0, 1, 2, 3, 0, 1, 2],
  reflect: [2, 1, 0, 0, 1, 2, 3, 3, 2, 1],
  mirror: [3, 2, 1, 0, 1, 2, 3, 2, 1, 0],
};

describe('boundaryIndex(i, 4, mode) on a b c d', () => {
  test.each(BOUNDARY_MODES.map((m) => [m] as const))('%s', (mode) => {
    expect(Array.from({ length: 10 }, (_, j) => boundaryIndex(j - 3, 4, mode))).toEqual(EXTENDED[mode]);
  });

  test('reflect (IBSI "mirror") is half-sample symmetric with period 2n far from the row', () => {
    expect(boundaryIndex(-5, 4, 'reflect')).toBe(3);
    expect(boundaryIndex(-9, 4, 'reflect')).toBe(0);
    expect(boundaryIndex(11, 4, 'reflect')).toBe(3);
  });

  test('mirror of a one-voxel row is that voxel', () => {
    expect(boundaryIndex(-2, 1, 'mirror')).toBe(0);
    expect(boundaryIndex(5, 1, 'mirror')).toBe(0);
  });
});
