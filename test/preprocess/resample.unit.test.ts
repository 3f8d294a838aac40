import ndarray from 'ndarray';
import { describe, expect, test } from 'vitest';
import { caught } from '../helpers/errors.js';
import { createVolume, indexToWorld, type Geometry, type Mat3, type Vec3, type Volume } from '../../src/image/volume.js';
import { prefilterAxis, resampledGrid, resampleImage, resampleMask, roundHalfEven } from '../../src/preprocess/resample.js';

/** A volume with voxel (x, y, z) = f(x, y, z). */
function volumeOf(shape: Vec3, f: (x: number, y: number, z: number) => number, geometry: Partial<Geometry> = {}): Volume<Float64Array> {
  const [nx, ny, nz] = shape;
  const data = new Float64Array(nx * ny * nz);
  for (let z = 0, i = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, i++) data[i] = f(x, y, z);
  return createVolume({ data, shape, spacing: geometry.spacing, origin: geometry.origin, direction: geometry.direction });
}

/** |a - b| within float32 rounding of b (half a unit in the last place, plus Float64 noise). */
function expectFloat32Close(a: number, b: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(2 ** -24 * Math.abs(b) + 1e-12);
}

function at(v: Volume, x: number, y: number, z: number): number {
  return v.voxels.get(x, y, z);
}

/** A row along x (y = z = 0 of a [n, 1, 1] volume). */
function row(v: Volume): number[] {
  return Array.from({ length: v.shape[0] }, (_, x) => at(v, x, 0, 0));
}

/** The deterministic test image of the scipy fixtures: x fastest, values in [-1000, 1000]. */
function lcgValues(n: number): number[] {
  const out: number[] = [];
  let s = 12345n;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245n + 12345n) % 2n ** 31n;
    out.push(Number((s >> 8n) % 2001n) - 1000);
  }
  return out;
}

// Columns: x -> +y (LPS), y -> -x, z -> -z (a rotation by 90 degrees about z, with z flipped).
const ROTATED: Mat3 = [0, -1, 0, 1, 0, 0, 0, 0, -1];

describe('resampledGrid (IBSI align grid centres, 026Q / QCY4)', () => {
  test('resampledGrid(5 voxels of 1 mm, 2 mm) has ceil(2.5) = 3 voxels at old indices 0, 2, 4', () => {
    const g = resampledGrid({ shape: [5, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, { spacing: [2, 1, 1] });
    expect(g.shape).toEqual([3, 1, 1]);
    expect(g.spacing).toEqual([2, 1, 1]);
    // x_b,g = ((5 - 1) - 2 (3 - 1)) / 2 = 0: the new grid starts on old voxel 0.
    expect(g.origin).toEqual([0, 0, 0]);
  });

  test('resampledGrid(4 x 4 of 3 mm, 2 mm) is 6 x 6 with origin shifted by (3 * 3 - 2 * 5) / 2 = -0.5 mm (IBSI manual example)', () => {
    const g = resampledGrid({ shape: [4, 4, 1], spacing: [3, 3, 1], origin: [10, 20, 30], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, { spacing: [2, 2, 1] });
    expect(g.shape).toEqual([6, 6, 1]);
    expect(g.origin[0]).toBeCloseTo(9.5, 12);
    expect(g.origin[1]).toBeCloseTo(19.5, 12);
    expect(g.origin[2]).toBe(30);
  });

  test('resampledGrid with a rotated direction moves the origin along the direction columns', () => {
    const old: Geometry = { shape: [4, 6, 5], spacing: [1, 0.5, 3], origin: [10, 20, 30], direction: ROTATED };
    const g = resampledGrid(old, { spacing: [2, 2, 2] });
    // x: n' = ceil(4 / 2) = 2, start (3 - 2) / 2 = 0.5; y: n' = ceil(1.5) = 2, step 4, start (5 - 4) / 2 = 0.5;
    // z: n' = ceil(7.5) = 8, step 2/3, start (4 - 14/3) / 2 = -1/3. Offsets in mm along the index axes:
    // (0.5 * 1, 0.5 * 0.5, -1/3 * 3) = (0.5, 0.25, -1) -> LPS 0.5 (0, 1, 0) + 0.25 (-1, 0, 0) - 1 (0, 0, -1).
    expect(g.shape).toEqual([2, 2, 8]);
    expect(g.direction).toEqual(ROTATED);
    expect(g.origin[0]).toBeCloseTo(9.75, 12);
    expect(g.origin[1]).toBeCloseTo(20.5, 12);
    expect(g.origin[2]).toBeCloseTo(31, 12);
  });

  test.each([
    [[5, 4, 3], [1, 1, 1], [2, 2, 2]],
    [[204, 201, 60], [0.977, 0.977, 3], [2, 2, 2]],
    [[7, 9, 11], [0.8, 1.3, 2.2], [0.5, 3.1, 1]],
    [[1, 1, 1], [1, 1, 1], [5, 0.3, 2]],
  ] as [Vec3, Vec3, Vec3][])('resampledGrid(%j voxels of %j mm, %j mm) puts the new grid centre on the old one', (shape, spacing, target) => {
    const old: Geometry = { shape, spacing, origin: [-17.5, 3.25, 101], direction: ROTATED };
    const g = resampledGrid(old, { spacing: target });
    const oldCentre = indexToWorld(old, shape.map((n) => (n - 1) / 2) as unknown as Vec3);
    const newCentre = indexToWorld(g, g.shape.map((n) => (n - 1) / 2) as unknown as Vec3);
    for (let k = 0; k < 3; k++) expect(newCentre[k]).toBeCloseTo(oldCentre[k], 9);
    for (let k = 0; k < 3; k++) {
      expect(g.shape[k]).toBe(Math.ceil((shape[k] * spacing[k]) / target[k] - 1e-9));
      expect(g.shape[k] * target[k]).toBeGreaterThanOrEqual(shape[k] * spacing[k] - 1e-9); // extent never shrinks
    }
  });

  test('resampledGrid(10 voxels of 0.3 mm, 0.1 mm) has 30 voxels, not 31 (10 * 0.3 / 0.1 = 30.000000000000004)', () => {
    const g = resampledGrid({ shape: [10, 1, 1], spacing: [0.3, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, { spacing: [0.1, 1, 1] });
    expect(g.shape[0]).toBe(30);
  });

  test('resampledGrid in-plane keeps z: size, spacing and origin; [x, y, z] with inPlane ignores z', () => {
    const old: Geometry = { shape: [204, 201, 60], spacing: [0.977, 0.977, 3], origin: [-174.3945, -79.6255, -100.4], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const a = resampledGrid(old, { spacing: [2, 2], inPlane: true });
    const b = resampledGrid(old, { spacing: [2, 2, 7], inPlane: true });
    expect(a.shape).toEqual([100, 99, 60]);
    expect(a.spacing).toEqual([2, 2, 3]);
    expect(a.origin[2]).toBe(-100.4);
    expect(b).toEqual(a);
  });

  test.each([
    [{ spacing: [2, 2] }, 'spacing'],
    [{ spacing: [2, 0, 2] }, 'spacing'],
    [{ spacing: [2, NaN, 2] }, 'spacing'],
    [{ spacing: [2, 2, 2, 2] }, 'spacing'],
    [{ spacing: [2] , inPlane: true }, 'spacing'],
    [{ spacing: [2, 2, 2], inPlane: 'yes' }, 'inPlane'],
  ])('resampledGrid(g, %j) throws InvalidArgument naming %s', (options, key) => {
    const e = caught(() => resampledGrid({ shape: [4, 4, 4], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, options as never));
    expect(e.code).toBe('InvalidArgument');
    expect(e.detail.key).toBe(key);
    expect(e.message).toContain(key);
  });
});

describe('resampleImage', () => {
  test.each(['nearest', 'linear', 'cubic'] as const)('resampleImage(constant, %s) stays constant, edges included', (interpolator) => {
    const v = volumeOf([6, 5, 4], () => -417, { spacing: [0.9, 1.3, 2.5], direction: ROTATED });
    const r = resampleImage(v, { spacing: [0.7, 2, 1.1], interpolator });
    for (const x of r.voxels.data) expect(x).toBeCloseTo(-417, 9);
  });

  test('resampleImage(ramp, linear) reproduces a linear function of position inside the old grid (to float32 rounding)', () => {
    const f = (x: number, y: number, z: number) => 5 + 3 * x - 1.5 * y + 0.25 * z;
    const old = volumeOf([9, 8, 7], (x, y, z) => f(1.1 * x, 0.7 * y, 2 * z), { spacing: [1.1, 0.7, 2] });
    const r = resampleImage(old, { spacing: [0.6, 1.7, 1.3], interpolator: 'linear' });
    let checked = 0;
    for (let z = 0; z < r.shape[2]; z++)
      for (let y = 0; y < r.shape[1]; y++)
        for (let x = 0; x < r.shape[0]; x++) {
          const [wx, wy, wz] = indexToWorld(r, [x, y, z]);
          if (wx < 0 || wx > 8 * 1.1 || wy < 0 || wy > 7 * 0.7 || wz < 0 || wz > 6 * 2) continue;
          expectFloat32Close(at(r, x, y, z), f(wx, wy, wz));
          checked++;
        }
    expect(checked).toBeGreaterThan(200);
  });

  test('resampleImage(ramp, cubic) reproduces a linear function away from the edge padding', () => {
    const f = (x: number, y: number, z: number) => 5 + 3 * x - 1.5 * y + 0.25 * z;
    const n = 30;
    const old = volumeOf([n, n, n], (x, y, z) => f(x, y, z));
    const r = resampleImage(old, { spacing: [0.7, 1.3, 1.9], interpolator: 'cubic' });
    let checked = 0;
    for (let z = 0; z < r.shape[2]; z++)
      for (let y = 0; y < r.shape[1]; y++)
        for (let x = 0; x < r.shape[0]; x++) {
          const w = indexToWorld(r, [x, y, z]);
          if (w.some((c) => c < 8 || c > n - 9)) continue; // the edge padding bends the ramp; its effect decays as 0.27^d
          expect(Math.abs(at(r, x, y, z) - f(w[0], w[1], w[2]))).toBeLessThan(1e-3);
          checked++;
        }
    expect(checked).toBeGreaterThan(500);
  });

  test('resampleImage(cubic polynomial, cubic) reproduces it in the interior; linear does not', () => {
    const p = (x: number) => 0.01 * x ** 3 - 0.3 * x ** 2 + 2 * x - 7;
    const old = volumeOf([40, 1, 1], (x) => p(x));
    const cubic = resampleImage(old, { spacing: [0.7, 1, 1], interpolator: 'cubic' });
    const linear = resampleImage(old, { spacing: [0.7, 1, 1], interpolator: 'linear' });
    let worstCubic = 0;
    let worstLinear = 0;
    for (let x = 0; x < cubic.shape[0]; x++) {
      const w = indexToWorld(cubic, [x, 0, 0])[0];
      if (w < 12 || w > 27) continue;
      worstCubic = Math.max(worstCubic, Math.abs(at(cubic, x, 0, 0) - p(w)));
      worstLinear = Math.max(worstLinear, Math.abs(at(linear, x, 0, 0) - p(w)));
    }
    expect(worstCubic).toBeLessThan(1e-4);
    expect(worstLinear).toBeGreaterThan(1e-2);
  });

  test('resampleImage(cubic) interpolates: new voxels on old centres keep the old values, edges included', () => {
    // 5 voxels of 1 mm -> 2 mm: new voxels sit on old voxels 0, 2, 4 (x); y, z likewise.
    const values = lcgValues(125);
    const old = volumeOf([5, 5, 5], (x, y, z) => values[x + 5 * (y + 5 * z)]);
    const r = resampleImage(old, { spacing: [2, 2, 2], interpolator: 'cubic' });
    expect(r.shape).toEqual([3, 3, 3]);
    for (let z = 0; z < 3; z++) for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) expect(at(r, x, y, z)).toBeCloseTo(at(old, 2 * x, 2 * y, 2 * z), 9);
  });

  test('prefilterAxis gives coefficients with (c[k-1] + 4 c[k] + c[k+1]) / 6 = s[k] under half-sample symmetric extension', () => {
    for (const n of [2, 3, 7, 40]) {
      const s = lcgValues(n);
      const c = Float64Array.from(s);
      prefilterAxis(c, n, 1, 1, new Float64Array(1));
      const ext = (k: number) => c[k < 0 ? -k - 1 : k >= n ? 2 * n - k - 1 : k];
      for (let k = 0; k < n; k++) expect((ext(k - 1) + 4 * ext(k) + ext(k + 1)) / 6).toBeCloseTo(s[k], 9);
    }
  });

  // Reference: scipy 1.17.1 / numpy 2.4.6, the call MIRP (an IBSI reference implementation) makes:
  //   data = np.array(lcgValues(60), float).reshape(3, 4, 5).transpose(2, 1, 0)   # [x, y, z], spacing sp
  //   sp = [1.3, 0.9, 2.5]; nout = ceil(dim * sp / new); gs = new / sp; go = 0.5 (dim - 1) - 0.5 (nout - 1) gs
  //   (in-plane: nout_z = dim_z, gs_z = 1, go_z = 0); coords = meshgrid(go + arange(nout) gs, indexing='ij')
  //   map_coordinates(data, coords, order, mode='nearest')   # prefilter=True for order 3
  // printed to 12 significant digits, x fastest.
  const SCIPY_LINEAR = [84.0, 565.615384615, 181.769230769, 175.0, 512.444444444, 496.692307692, -486.128205128, 285.222222222, -933.777777778, -652.700854701, 429.521367521, -249.666666667, -780.0, -633.692307692, 35.5384615385, -607.0, -293.28, 604.578461538, 79.7784615385, -12.2, 257.724444444, 519.236923077, -359.614358974, 386.662222222, -419.857777778, -305.356239316, 75.665982906, 65.6933333333, -206.88, -563.713846154, 303.516923077, -98.68, -964.0, 673.846153846, -101.538461538, -345.0, -195.111111111, 559.316239316, -134.700854701, 567.0, 493.777777778, 312.145299145, -553.41025641, 626.333333333, 812.0, -439.307692308, 779.923076923, 805.0, -499.36, 390.818461538, -177.796923077, 485.08, -439.875555556, 638.320683761, -362.24, 501.08, 471.022222222, -28.4331623932, 43.0916239316, -367.515555556, 79.84, 148.803076923, 184.033846154, 11.4, -238.0, 231.615384615, -220.692307692, 952.0, -577.555555556, 682.760683761, -490.230769231, 464.0, 458.222222222, -220.008547009, 378.623931624, -926.555555556, -332.0, 479.615384615, -151.153846154, -435.0];
  const SCIPY_CUBIC = [35.8456283184, 561.561615304, 330.075349327, 211.682658245, 735.682447874, 648.731736398, -812.526281434, 481.265565897, -1186.49588392, -929.25817762, 860.518922092, -559.700146387, -945.424469529, -580.482450727, -98.2499692935, -906.974176612, -561.31810104, 763.205538862, 138.779118728, -195.009803198, 390.680880248, 626.218805681, -513.960346341, 575.710453515, -527.450426705, -321.012058656, 58.287360167, 153.177530345, -15.972341488, -794.065509082, 506.28464762, -137.299805674, -1222.85669934, 903.599820846, -176.902891932, -447.167951907, -262.407643552, 671.965985872, -199.570221287, 721.016107538, 514.473392723, 396.345790224, -810.27144045, 776.219388281, 1021.07040122, -760.249354269, 1090.37032057, 778.800390352, -627.120958636, 463.063606426, -285.368785017, 530.763996355, -699.623352643, 898.320356635, -544.616688156, 744.136271111, 756.478543368, -84.8493537074, 48.1760020392, -415.752379519, 115.170752187, 232.854517469, 240.316802789, 193.998659983, -59.5310440788, 126.52672763, -284.697582147, 1263.64137924, -844.63782139, 1043.12403838, -856.960519962, 725.387092151, 674.469995591, -586.956737146, 845.86321067, -1384.32454133, -755.341662496, 907.966813169, -483.751890207, -426.780057705];
  const SCIPY_CUBIC_IN_PLANE = [-106.718884515, 94.5315029046, 618.617788927, 500.546086213, 53.314100883, 210.052366571, 376.625312639, 193.524708766, 112.336950384, -120.638005296, -209.866096235, -356.463210522, 75.9644428851, 532.856936813, 60.6850388449, -284.149334013, 24.467033106, 165.782273427, -724.431466035, -701.465668144, -640.121040438, -635.454675677, -494.156001009, -38.8596667639, -4.22737996981, -530.518441595, -725.296569321, -1223.411936, -836.062375063, 356.482868473, 942.339689866, 610.35309516, -33.0691737199, -443.935919919, -470.973349766, -448.650052218, 194.037776009, 268.481039611, 515.847825625, 689.046728198, 349.478357378, -622.441208624, -657.282788991, 498.21803409, 922.432990784, 1021.09026885, 633.579919145, -475.328564627, -674.37282659, 147.148533083, 963.285943663, 1196.06234189, 903.070646044, 779.048732347, -193.164106267, -112.919453734, 123.770343198, 193.127464063, -7.86321571573, -278.941961469, 17.8569300701, 822.116865819, 1091.63473078, 35.9374842311, 1.06488770454, -16.5629578177, 327.196686434, 608.350055514, 164.029268118, -324.917329955, -407.902763335, -398.398617119, -549.987363352, -365.358411571, 274.368768316, 863.476373767, 818.651926563, -83.2604050321, -650.745577999, -410.35545998, -277.132055879];
  const fixture = () => createVolume({ data: Float64Array.from(lcgValues(60)), shape: [5, 4, 3], spacing: [1.3, 0.9, 2.5] });

  test.each([
    ['linear', { spacing: [2, 1.1, 1.6] }, [4, 4, 5], SCIPY_LINEAR],
    ['cubic', { spacing: [2, 1.1, 1.6] }, [4, 4, 5], SCIPY_CUBIC],
    ['cubic', { spacing: [0.8, 1.7], inPlane: true }, [9, 3, 3], SCIPY_CUBIC_IN_PLANE],
  ] as const)('resampleImage(fixture, %s, %j) equals scipy.ndimage.map_coordinates(mode nearest) to float32 precision', (interpolator, grid, shape, expected) => {
    const r = resampleImage(fixture(), { ...grid, interpolator });
    expect(r.shape).toEqual(shape);
    const d = r.voxels.data;
    expect(d.length).toBe(expected.length);
    // The reference has 12 significant digits; the result is float32 (relative step 2^-24 = 6e-8).
    for (let i = 0; i < d.length; i++) expect(Math.abs(d[i] - expected[i])).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(expected[i])));
  });

  test('resampleImage(nearest) picks the nearest old voxel; a tie (old index x.5) goes to the higher index', () => {
    const odd = volumeOf([5, 1, 1], (x) => 10 * x);
    expect(row(resampleImage(odd, { spacing: [2, 1, 1], interpolator: 'nearest' }))).toEqual([0, 20, 40]);
    // 4 voxels of 1 mm -> 2 mm: new centres at old indices 0.5 and 2.5 -> voxels 1 and 3.
    const even = volumeOf([4, 1, 1], (x) => 10 * x);
    expect(row(resampleImage(even, { spacing: [2, 1, 1], interpolator: 'nearest' }))).toEqual([10, 30]);
    // 3 voxels of 1 mm -> 0.4 mm: 8 voxels at -0.4, 0, 0.4, ..., 2.4 -> 0, 0, 0, 1, 1, 2, 2, 2 (edges clamp).
    const up = volumeOf([3, 1, 1], (x) => 10 * x);
    expect(row(resampleImage(up, { spacing: [0.4, 1, 1], interpolator: 'nearest' }))).toEqual([0, 0, 0, 10, 10, 20, 20, 20]);
  });

  test('resampleImage(linear) pads beyond the grid with the boundary intensity', () => {
    // 3 voxels of 1 mm -> 0.4 mm: centres at -0.4 and 2.4 lie outside [0, 2] and take the edge values.
    const v = volumeOf([3, 1, 1], (x) => [7, 1, 4][x]);
    const r = row(resampleImage(v, { spacing: [0.4, 1, 1], interpolator: 'linear' }));
    expect(r[0]).toBe(7);
    expect(r[7]).toBe(4);
    expectFloat32Close(r[3], 7 + 0.8 * (1 - 7)); // old index 0.8
  });

  test('resampleImage in-plane leaves z untouched: shape, spacing, origin and each slice on its own', () => {
    const v = volumeOf([6, 5, 4], (x, y, z) => 100 * z + x + y, { spacing: [0.8, 0.8, 3], origin: [1, 2, 3], direction: ROTATED });
    for (const interpolator of ['nearest', 'linear', 'cubic'] as const) {
      const r = resampleImage(v, { spacing: [1.5, 1.5], inPlane: true, interpolator });
      expect(r.shape[2]).toBe(4);
      expect(r.spacing[2]).toBe(3);
      // origin moves only in the plane spanned by the x and y columns (here LPS x and y; z column is (0, 0, -1)).
      expect(r.origin[2]).toBe(3);
      for (let z = 0; z < 4; z++) {
        const slice = volumeOf([6, 5, 1], (x, y) => 100 * z + x + y, { spacing: [0.8, 0.8, 3] });
        const s = resampleImage(slice, { spacing: [1.5, 1.5], inPlane: true, interpolator });
        for (let y = 0; y < r.shape[1]; y++) for (let x = 0; x < r.shape[0]; x++) expect(at(r, x, y, z)).toBeCloseTo(at(s, x, y, 0), 9);
      }
    }
  });

  test('resampleImage(roundIntensities) rounds to the nearest integer, ties to even', () => {
    // 4 voxels of 1 mm -> 2 mm: linear at old indices 0.5 and 2.5 gives the means of neighbours.
    const a = volumeOf([4, 1, 1], (x) => [0, 1, 2, 3][x]);
    expect(row(resampleImage(a, { spacing: [2, 1, 1], interpolator: 'linear' }))).toEqual([0.5, 2.5]);
    expect(row(resampleImage(a, { spacing: [2, 1, 1], interpolator: 'linear', roundIntensities: true }))).toEqual([0, 2]);
    const b = volumeOf([4, 1, 1], (x) => [-2, -1, 2, 2.2][x]);
    expect(row(resampleImage(b, { spacing: [2, 1, 1], interpolator: 'linear', roundIntensities: true }))).toEqual([-2, 2]);
  });

  test.each([
    [0.5, 0],
    [1.5, 2],
    [2.5, 2],
    [-0.5, 0],
    [-1.5, -2],
    [-2.5, -2],
    [2.4999999999999, 2], // within the tie tolerance: still a tie
    [3.5000000000001, 4],
    [3.4999999, 3],
    [-1000.6, -1001],
    [7, 7],
  ])('roundHalfEven(%s) is %s', (v, r) => {
    expect(Object.is(roundHalfEven(v), r)).toBe(true);
  });

  test('resampleImage computes in Float64 and returns Float32 (x / 3 rounded once, to float32)', () => {
    const v = volumeOf([4, 4, 4], (x) => x / 3);
    const r = resampleImage(v, { spacing: [1, 1, 1], interpolator: 'linear' });
    expect(r.voxels.data).toBeInstanceOf(Float32Array);
    expect(row(r)).toEqual([0, 1, 2, 3].map((x) => Math.fround(x / 3)));
    const n = resampleImage(volumeOf([4, 4, 4], (x) => x / 3), { spacing: [2, 2, 2], interpolator: 'linear' });
    expect(n.voxels.data).toBeInstanceOf(Float32Array);
    expect(at(n, 0, 0, 0)).toBe(Math.fround(0.5 / 3));
  });

  test('resampleImage reads strided ndarray views (a volume with x reversed)', () => {
    const base = volumeOf([5, 1, 1], (x) => 10 * x);
    const reversed: Volume = { ...base, voxels: base.voxels.step(-1, 1, 1) };
    expect(row(resampleImage(reversed, { spacing: [2, 1, 1], interpolator: 'nearest' }))).toEqual([40, 20, 0]);
    const padded: Volume = { ...base, voxels: ndarray(Float64Array.from([99, 0, 10, 20, 30, 40, 99]), [5, 1, 1], [1, 5, 5], 1) };
    expect(row(resampleImage(padded, { spacing: [2, 1, 1], interpolator: 'linear' }))).toEqual([0, 20, 40]);
  });

  test('resampleImage(image with NaN) throws NonFiniteVoxels naming the voxel', () => {
    const v = volumeOf([3, 3, 3], (x, y, z) => (x === 1 && y === 2 && z === 0 ? NaN : 1));
    const e = caught(() => resampleImage(v, { spacing: [2, 2, 2], interpolator: 'cubic' }));
    expect(e.code).toBe('NonFiniteVoxels');
    expect(e.detail.voxel).toEqual([1, 2, 0]);
  });

  test.each([
    [{ spacing: [2, 2, 2], interpolator: 'bicubic' }, 'interpolator'],
    [{ spacing: [2, 2, 2] }, 'interpolator'],
    [{ spacing: [2, 2, 2], interpolator: 'linear', roundIntensities: 1 }, 'roundIntensities'],
    [{ spacing: [-2, 2, 2], interpolator: 'linear' }, 'spacing'],
  ])('resampleImage(v, %j) throws InvalidArgument naming %s', (options, key) => {
    const e = caught(() => resampleImage(volumeOf([3, 3, 3], () => 1), options as never));
    expect(e.code).toBe('InvalidArgument');
    expect(e.detail.key).toBe(key);
  });

  test('resampleImage(256 x 256 x 128 float32) runs in one pass: linear and cubic to 2 mm within seconds', () => {
    const shape: Vec3 = [256, 256, 128];
    const data = new Float32Array(256 * 256 * 128);
    for (let i = 0; i < data.length; i++) data[i] = ((i * 7919) % 2001) - 1000;
    const v = createVolume({ data, shape, spacing: [0.977, 0.977, 3] });
    for (const [interpolator, limit] of [['linear', 5000], ['cubic', 15000]] as const) {
      const t = performance.now();
      const r = resampleImage(v, { spacing: [2, 2, 2], interpolator, roundIntensities: true });
      const ms = performance.now() - t;
      expect(r.shape).toEqual([126, 126, 192]);
      expect(ms).toBeLessThan(limit);
    }
  });
});

describe('resampleMask', () => {
  const mask1d = (values: number[]) => volumeOf([values.length, 1, 1], (x) => values[x]);

  test('resampleMask(linear) keeps voxels with R >= 0.5 (IBSI E8H9 partial volume threshold)', () => {
    // 4 voxels of 1 mm -> 2 mm: R at old indices 0.5 and 2.5 is 0.5 and 0.
    expect(row(resampleMask(mask1d([1, 0, 0, 0]), 1, { spacing: [2, 1, 1], interpolator: 'linear' }))).toEqual([1, 0]);
    expect(row(resampleMask(mask1d([1, 0, 0, 0]), 1, { spacing: [2, 1, 1], interpolator: 'linear', partialVolumeThreshold: 0.51 }))).toEqual([0, 0]);
    // 6 voxels -> 3: R = 1, 0.5, 0.
    expect(row(resampleMask(mask1d([1, 1, 1, 0, 0, 0]), 1, { spacing: [2, 1, 1], interpolator: 'linear' }))).toEqual([1, 1, 0]);
    expect(row(resampleMask(mask1d([1, 1, 1, 0, 0, 0]), 1, { spacing: [2, 1, 1], interpolator: 'linear', partialVolumeThreshold: 1 }))).toEqual([1, 0, 0]);
  });

  test('resampleMask counts R = 0.4999999999999977 (3 mm -> 2 mm, z position 0.5000000000000023) as 0.5', () => {
    // 60 slices of 3 mm -> 90 of 2 mm: z_b,g = (59 - 89 * 2/3) / 2 = -1/6; new slice 1 sits at old 0.5 (+ 2e-15).
    const m = volumeOf([1, 1, 60], (_x, _y, z) => (z === 0 ? 1 : 0), { spacing: [1, 1, 3] });
    const r = resampleMask(m, 1, { spacing: [1, 1, 2], interpolator: 'linear' });
    expect(r.shape).toEqual([1, 1, 90]);
    expect([at(r, 0, 0, 0), at(r, 0, 0, 1), at(r, 0, 0, 2)]).toEqual([1, 1, 0]);
  });

  test('resampleMask selects the label: other labels count as background', () => {
    const m = mask1d([2, 2, 1, 1, 0, 0]);
    expect(row(resampleMask(m, 2, { spacing: [2, 1, 1], interpolator: 'nearest' }))).toEqual([1, 0, 0]);
    expect(row(resampleMask(m, 1, { spacing: [2, 1, 1], interpolator: 'nearest' }))).toEqual([0, 1, 0]);
    expect(resampleMask(m, 1, { spacing: [2, 1, 1], interpolator: 'nearest' }).voxels.data).toBeInstanceOf(Uint8Array);
  });

  test('resampleMask lies on the grid resampleImage makes for the same options', () => {
    const g = { spacing: [0.977, 0.977, 3] as Vec3, origin: [-174.3945, -79.6255, -100.4] as Vec3, direction: ROTATED };
    const image = volumeOf([9, 8, 7], (x) => x, g);
    const mask = volumeOf([9, 8, 7], (x, y) => (x > 2 && y > 2 ? 1 : 0), g);
    for (const options of [{ spacing: [2, 2, 2] }, { spacing: [2, 2], inPlane: true }]) {
      const ri = resampleImage(image, { ...options, interpolator: 'cubic' });
      const rm = resampleMask(mask, 1, { ...options, interpolator: 'linear' });
      expect([rm.shape, rm.spacing, rm.origin, rm.direction]).toEqual([ri.shape, ri.spacing, ri.origin, ri.direction]);
      expect([ri.shape, ri.spacing, ri.origin, ri.direction]).toEqual(Object.values(resampledGrid(image, options)));
    }
  });

  test.each([
    [{ spacing: [2, 2, 2], interpolator: 'cubic' }, 'interpolator'],
    [{ spacing: [2, 2, 2], interpolator: 'linear', partialVolumeThreshold: 0 }, 'partialVolumeThreshold'],
    [{ spacing: [2, 2, 2], interpolator: 'linear', partialVolumeThreshold: 1.2 }, 'partialVolumeThreshold'],
    [{ spacing: [2, 2, 2], interpolator: 'linear', partialVolumeThreshold: NaN }, 'partialVolumeThreshold'],
  ])('resampleMask(m, 1, %j) throws InvalidArgument naming %s', (options, key) => {
    const e = caught(() => resampleMask(volumeOf([3, 3, 3], () => 1), 1, options as never));
    expect(e.code).toBe('InvalidArgument');
    expect(e.detail.key).toBe(key);
  });

  test('resampleMask(m, NaN) throws InvalidArgument naming label', () => {
    expect(caught(() => resampleMask(volumeOf([3, 3, 3], () => 1), NaN, { spacing: [2, 2, 2], interpolator: 'linear' })).detail.key).toBe('label');
  });
});
