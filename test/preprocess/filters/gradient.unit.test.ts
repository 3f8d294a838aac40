/**
 * PyRadiomics' Gradient image type = SimpleITK's GradientMagnitudeImageFilter, checked by hand on a 3 x 2 x 1
 * image: per axis ITK's order-1 DerivativeOperator [1/2, 0, -1/2] (scaled by 1 / spacing with useSpacing),
 * the edge voxel repeated at the image edges (ZeroFluxNeumannBoundaryCondition), magnitude sqrt(sum g^2),
 * written as float32 (SimpleITK's output type): each value within half a float32 unit of the exact one.
 */
import { describe, expect, test } from 'vitest';
import { createVolume, type Vec3 } from '../../../src/image/volume.js';
import { gradientMagnitudeFilter, supportRadius } from '../../../src/preprocess/filters/index.js';
import { resolveConfig } from '../../../src/config.js';

// x fastest: row y = 0 is 1 2 4, row y = 1 is 3 5 9; spacing [2, 0.5, 1] mm.
/** |value - exact| within the float32 rounding of the exact value (relative 2^-24). */
const expectFloat32 = (value: number, exact: number) => expect(Math.abs(value - exact)).toBeLessThanOrEqual(Math.abs(exact) * 2 ** -24);
const image = (spacing: Vec3) => createVolume({ data: Float64Array.from([1, 2, 4, 3, 5, 9]), shape: [3, 2, 1], spacing, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });

describe('gradientMagnitudeFilter([[1, 2, 4], [3, 5, 9]], spacing [2, 0.5, 1])', () => {
  test('useSpacing: g_x = (x[i-1] - x[i+1]) / (2 * 2), g_y = (.. ) / (2 * 0.5), edges repeat the edge voxel, g_z = 0 (one slice)', () => {
    const out = Array.from(gradientMagnitudeFilter(image([2, 0.5, 1]), { useSpacing: true, dims: '3D' }).voxels.data);
    const expected = [
      Math.hypot((1 - 2) / 4, (1 - 3) / 1), // (0, 0): x[-1] -> 1, y[-1] -> 1
      Math.hypot((1 - 4) / 4, (2 - 5) / 1),
      Math.hypot((2 - 4) / 4, (4 - 9) / 1), // (2, 0): x[3] -> 4
      Math.hypot((3 - 5) / 4, (1 - 3) / 1), // (0, 1): y[2] -> 3
      Math.hypot((3 - 9) / 4, (2 - 5) / 1),
      Math.hypot((5 - 9) / 4, (4 - 9) / 1),
    ];
    out.forEach((v, i) => expectFloat32(v, expected[i]));
  });
  test('useSpacing false: differences in voxel units, (1, 0) -> sqrt(1.5^2 + 1.5^2)', () => {
    const out = gradientMagnitudeFilter(image([2, 0.5, 1]), { useSpacing: false, dims: '3D' }).voxels.data;
    expectFloat32(out[1], Math.sqrt(4.5));
  });
  test('a linear ramp 3x + 2y - z with spacing [1, 2, 4]: interior |grad| = sqrt(3^2 + 1^2 + 0.25^2)', () => {
    const n = 5;
    const data = new Float64Array(n ** 3);
    for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) data[x + n * (y + n * z)] = 3 * x + 2 * y - z;
    const v = createVolume({ data, shape: [n, n, n], spacing: [1, 2, 4], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
    const out = gradientMagnitudeFilter(v, { useSpacing: true, dims: '3D' }).voxels.data;
    expectFloat32(out[2 + n * (2 + n * 2)], Math.hypot(3, 1, 0.25));
    // Corner (0, 0, 0): one-sided halves, (x[0] - x[1]) / 2 per axis.
    expectFloat32(out[0], Math.hypot(1.5, 0.5, 0.125));
  });
  test('supportRadius is one voxel per axis; config {type: gradient} defaults to useSpacing true, boundary nearest', () => {
    const t = resolveConfig({ imageTypes: [{ type: 'original' }, { type: 'gradient' }] }).imageTypes[1];
    expect(t).toMatchObject({ type: 'gradient', useSpacing: true, boundary: 'nearest', dims: '3D' });
    expect(supportRadius(t as never, image([1, 1, 1]))).toEqual([1, 1, 1]);
    expect(() => resolveConfig({ imageTypes: [{ type: 'gradient', boundary: 'reflect' }] })).toThrow(/must be nearest/);
  });
});
