/**
 * PyRadiomics' LBP3D image type (imageoperations.py getLBP3DImage) on small synthetic images, with values
 * derived from its definition: the icosphere of trimesh (built here independently: the 12 icosahedron
 * vertices (0, +-1, +-phi) and cyclic permutations, plus the normalised midpoints of its 30 edges), samples by
 * scipy's map_coordinates(order 3, mode constant), scipy's kurtosis, and scipy's sph_harm as PyRadiomics calls it.
 */
import { describe, expect, test } from 'vitest';
import { createVolume, type Vec3 } from '../../../src/image/volume.js';
import { icosphereVertices, lbp3dFilter } from '../../../src/preprocess/filters/index.js';
import { splineCoefficients } from '../../../src/preprocess/filters/lbp3d.js';
import { resolveConfig } from '../../../src/config.js';
import { extract } from '../../../src/extract.js';
import { isRadiomicsError } from '../../../src/errors.js';
import { phantomImage, phantomMaskVolume } from '../../helpers/digital-phantom.js';

const PHI = (1 + Math.sqrt(5)) / 2;
/** The 42 vertices of the once-subdivided icosahedron on the unit sphere. */
function icosphere42(): Vec3[] {
  const unit = (v: number[]): Vec3 => {
    const n = Math.hypot(v[0], v[1], v[2]);
    return [v[0] / n, v[1] / n, v[2] / n];
  };
  const base: Vec3[] = [];
  for (const a of [-1, 1]) for (const b of [-PHI, PHI]) base.push(unit([0, a, b]), unit([a, b, 0]), unit([b, 0, a]));
  const edge = 2 / Math.hypot(1, PHI); // edge length of the unit icosahedron
  const mids: Vec3[] = [];
  for (let i = 0; i < 12; i++) for (let j = i + 1; j < 12; j++) if (Math.abs(Math.hypot(...base[i].map((x, k) => x - base[j][k])) - edge) < 1e-9) mids.push(unit(base[i].map((x, k) => (x + base[j][k]) / 2)));
  return [...base, ...mids];
}
const vol = (data: Float64Array | Int16Array, n: number) => createVolume({ data, shape: [n, n, n], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
const options = (output: string) => ({ levels: 2, icosphereRadius: 1, icosphereSubdivision: 1, output });
const at = (n: number, x: number, y: number, z: number) => x + n * (y + n * z);
const excessKurtosis = (f: number[]) => {
  const m = f.reduce((a, b) => a + b, 0) / f.length;
  const m2 = f.reduce((a, b) => a + (b - m) ** 2, 0) / f.length;
  const m4 = f.reduce((a, b) => a + (b - m) ** 4, 0) / f.length;
  return m4 / m2 ** 2 - 3;
};

describe('icosphereVertices(subdivision, radius): trimesh.creation.icosphere', () => {
  test('12, 42, 162 vertices on the sphere of the radius; subdivision 1 = the 12 icosahedron vertices and the 30 edge midpoints', () => {
    expect([0, 1, 2].map((s) => icosphereVertices(s, 1).length)).toEqual([12, 42, 162]);
    for (const v of icosphereVertices(2, 2.5)) expect(Math.hypot(...v)).toBeCloseTo(2.5, 14);
    const ours = icosphereVertices(1, 1);
    for (const v of icosphere42()) expect(ours.some((w) => Math.hypot(w[0] - v[0], w[1] - v[1], w[2] - v[2]) < 1e-12)).toBe(true);
  });
});

test('splineCoefficients: the cubic B-spline interpolates (c[i-1] + 4 c[i] + c[i+1]) / 6 = x[i], mirror boundary c[-1] = c[1]', () => {
  const x = Float64Array.from([3, -1, 4, 1, 5, 9, 2]);
  const c = splineCoefficients(x, [7, 1, 1]);
  const m = (i: number) => c[i < 0 ? -i : i > 6 ? 12 - i : i];
  for (let i = 0; i < 7; i++) expect((m(i - 1) + 4 * m(i) + m(i + 1)) / 6).toBeCloseTo(x[i], 13);
});

describe('lbp3dFilter on the ramp x + 0.1 y + 0.01 z (32^3, float), voxel (16, 16, 16): the spline reproduces the ramp far from the edges', () => {
  const n = 32;
  const data = new Float64Array(n ** 3);
  for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) data[at(n, x, y, z)] = x + 0.1 * y + 0.01 * z;
  const image = vol(data, n);
  const region = { offset: [16, 16, 16] as Vec3, shape: [1, 1, 1] as Vec3 };
  const i = at(n, 16, 16, 16);
  // Vertex components (v0, v1, v2) are offsets along (z, y, x): the sample minus the centre is v2 + 0.1 v1 + 0.01 v0.
  const verts = icosphere42();
  const rise = verts.map((v) => v[2] + 0.1 * v[1] + 0.01 * v[0]);
  test('m1 = sqrt(42) * (bits set) / (4 pi) with 21 of the 42 bits set (the icosphere is centrally symmetric, no vertex on the plane)', () => {
    expect(rise.filter((r) => r >= 0).length).toBe(21);
    expect(lbp3dFilter(image, options('m1'), region).voxels.data[i]).toBeCloseTo((Math.sqrt(42) * 21) / (4 * Math.PI), 12);
  });
  test('k = the excess kurtosis of the 42 rises', () => {
    expect(lbp3dFilter(image, options('k'), region).voxels.data[i]).toBeCloseTo(excessKurtosis(rise), 7);
  });
  test('m2 from the closed-form Y_1m in PyRadiomics\' call: azimuth slot arccos(v2), polar slot atan2(v1, v0)', () => {
    const Y = verts.map((v) => {
      const az = Math.acos(v[2]);
      const cp = Math.cos(Math.atan2(v[1], v[0]));
      const sp = Math.sqrt(1 - cp * cp);
      const k0 = Math.sqrt(3 / (4 * Math.PI));
      const k1 = Math.sqrt(3 / (8 * Math.PI));
      // [re, im] for m = -1, 0, 1 (signs per m cancel in the products below)
      return [[k1 * sp * Math.cos(-az), k1 * sp * Math.sin(-az)], [k0 * cp, 0], [k1 * sp * Math.cos(az), k1 * sp * Math.sin(az)]];
    });
    const c = [0, 1, 2].map((m) => verts.reduce((acc, _, v) => (rise[v] >= 0 ? [acc[0] + Y[v][m][0], acc[1] + Y[v][m][1]] : acc), [0, 0]));
    let sRe = 0;
    let sIm = 0;
    for (let v = 0; v < 42; v++) {
      let gRe = 0;
      let gIm = 0;
      for (let m = 0; m < 3; m++) {
        gRe += c[m][0] * Y[v][m][0] - c[m][1] * Y[v][m][1];
        gIm += c[m][0] * Y[v][m][1] + c[m][1] * Y[v][m][0];
      }
      sRe += gRe * gRe - gIm * gIm;
      sIm += 2 * gRe * gIm;
    }
    const expected = Math.sqrt((Math.hypot(sRe, sIm) + sRe) / 2);
    expect(expected).toBeGreaterThan(0.1);
    expect(lbp3dFilter(image, options('m2'), region).voxels.data[i]).toBeCloseTo(expected, 10);
  });
  test('outside the region the response is 0', () => {
    expect(lbp3dFilter(image, options('m1'), region).voxels.data[at(n, 15, 16, 16)]).toBe(0);
  });
});

describe('lbp3dFilter on an integer image: samples rounded as map_coordinates writes them into the input\'s type', () => {
  test('constant 5 (Int16, 4^3), corner voxel (0, 0, 0): samples outside [0, n - 1] are 0, so bits = vertices with v0, v1, v2 >= 0; k = the Bernoulli excess kurtosis', () => {
    const image = vol(new Int16Array(64).fill(5), 4);
    const inside = icosphere42().filter((v) => v.every((x) => x >= -1e-12)).length;
    const p = inside / 42;
    expect(lbp3dFilter(image, options('m1')).voxels.data[0]).toBeCloseTo((Math.sqrt(42) * inside) / (4 * Math.PI), 12);
    expect(lbp3dFilter(image, options('k')).voxels.data[0]).toBeCloseTo((1 - 6 * p * (1 - p)) / (p * (1 - p)), 10);
  });
  test('constant 5, interior voxel: every bit set, m1 = 42 sqrt(42) / (4 pi); flat samples give k = 0 (scipy: NaN)', () => {
    const image = vol(new Int16Array(216).fill(5), 6);
    const i = at(6, 3, 3, 3);
    expect(lbp3dFilter(image, options('m1')).voxels.data[i]).toBeCloseTo((42 * Math.sqrt(42)) / (4 * Math.PI), 12);
    expect(lbp3dFilter(image, options('k')).voxels.data[i]).toBe(0);
  });
  test('ramp 10 x (Int16): a sample is round(10 (x + v2)), so the bit is set for v2 >= -0.05 (ties at v2 = 0 included)', () => {
    const n = 24;
    const data = new Int16Array(n ** 3);
    for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) data[at(n, x, y, z)] = 10 * x;
    const bits = icosphere42().filter((v) => Math.round(10 * v[2]) >= 0).length;
    expect(bits).toBeGreaterThan(21);
    const out = lbp3dFilter(vol(data, n), options('m1'), { offset: [12, 12, 12], shape: [1, 1, 1] }).voxels.data[at(n, 12, 12, 12)];
    expect(out).toBeCloseTo((Math.sqrt(42) * bits) / (4 * Math.PI), 12);
  });
});

test('config {type: lbp3d}: defaults levels 2, radius 1, subdivision 1, output k; output beyond levels, 2D or a subdivision over 6 are refused', () => {
  const t = resolveConfig({ imageTypes: [{ type: 'original' }, { type: 'lbp3d' }] }).imageTypes[1];
  expect(t).toMatchObject({ type: 'lbp3d', levels: 2, icosphereRadius: 1, icosphereSubdivision: 1, output: 'k', boundary: 'constant', dims: '3D' });
  expect(() => resolveConfig({ imageTypes: [{ type: 'lbp3d', output: 'm3' }] })).toThrow(/m1\.\.m2/);
  expect(() => resolveConfig({ imageTypes: [{ type: 'lbp3d', dims: '2D' }] })).toThrow(/must be 3D/);
  expect(() => resolveConfig({ imageTypes: [{ type: 'lbp3d', icosphereSubdivision: 7 }] })).toThrow(/at most 6/);
});

test('extract with lbp3d icosphereSubdivision 6 (40962 neighbours) over limits.maxWork is WorkTooLarge before any sampling, naming the setting', () => {
  let caught: unknown;
  try {
    extract(phantomImage(), { volume: phantomMaskVolume(), label: 1 }, { families: ['stat'], imageTypes: [{ type: 'original' }, { type: 'lbp3d', icosphereSubdivision: 6 }], limits: { maxWork: 1e8 } });
  } catch (error) {
    caught = error;
  }
  expect(isRadiomicsError(caught) && caught.code === 'WorkTooLarge').toBe(true);
  expect((caught as Error).message).toMatch(/40962 icosphere neighbours \(icosphereSubdivision 6\)/);
});
