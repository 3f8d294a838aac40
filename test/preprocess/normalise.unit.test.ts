import { describe, expect, test } from 'vitest';
import { caught } from '../helpers/errors.js';
import { createVolume, type Vec3, type Volume } from '../../src/image/volume.js';
import { foregroundMask, normalisePercentile, normaliseRange, normaliseZScore, otsuThreshold, percentileSorted } from '../../src/preprocess/normalise.js';

const SHAPE: Vec3 = [10, 9, 8];

/** Deterministic noise in [0, 1). */
function noise(i: number): number {
  let s = (i * 2654435761) >>> 0;
  s = (s ^ (s >>> 16)) >>> 0;
  s = Math.imul(s, 2246822507) >>> 0;
  return ((s ^ (s >>> 13)) >>> 0) / 2 ** 32;
}

/** A synthetic MR phantom: dark background, a bright sphere, a grey slab, and noise. */
function phantomValue(x: number, y: number, z: number, i: number): number {
  const sphere = (x - 5) ** 2 + (y - 4) ** 2 + (z - 4) ** 2 <= 9;
  const slab = x >= 7;
  return 20 + (sphere ? 300 : 0) + (slab ? 120 : 0) + 40 * noise(i);
}

/** The phantom scanned with gain a and offset b: a X + b. */
function scan(a: number, b: number): Volume<Float64Array> {
  const [nx, ny, nz] = SHAPE;
  const data = new Float64Array(nx * ny * nz);
  for (let z = 0, i = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, i++) data[i] = a * phantomValue(x, y, z, i) + b;
  return createVolume({ data, shape: SHAPE, spacing: [0.9, 0.9, 3] });
}

/** The sphere plus its surroundings as a region (nonzero = in). */
function regionOf(f: (x: number, y: number, z: number) => boolean): Uint8Array {
  const [nx, ny, nz] = SHAPE;
  const r = new Uint8Array(nx * ny * nz);
  for (let z = 0, i = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, i++) r[i] = f(x, y, z) ? 1 : 0;
  return r;
}

const ROI = regionOf((x, y, z) => (x - 5) ** 2 + (y - 4) ** 2 + (z - 4) ** 2 <= 16);
const ALL = new Uint8Array(SHAPE[0] * SHAPE[1] * SHAPE[2]).fill(1);

function line(values: number[]): Volume<Float64Array> {
  return createVolume({ data: Float64Array.from(values), shape: [values.length, 1, 1] });
}

function expectSameValues(a: Volume, b: Volume, digits: number): void {
  const da = a.voxels.data;
  const db = b.voxels.data;
  expect(da.length).toBe(db.length);
  for (let i = 0; i < da.length; i++) expect(da[i]).toBeCloseTo(db[i], digits);
}

describe('normaliseZScore', () => {
  test('two scans of one phantom with different gain and offset (a X + b) normalise to the same values', () => {
    const a = normaliseZScore(scan(1, 0), ROI);
    const b = normaliseZScore(scan(2.7, -350), ROI);
    expectSameValues(a, b, 6);
  });

  test('normaliseZScore gives mean 0 and population SD 1 over the region, and keeps the geometry', () => {
    const v = scan(1.3, 17);
    const r = normaliseZScore(v, ROI);
    let n = 0;
    let s = 0;
    let ss = 0;
    r.voxels.data.forEach((x, i) => {
      if (!ROI[i]) return;
      n++;
      s += x;
      ss += x * x;
    });
    // Float32 results: each voxel carries a relative rounding of at most 2^-24 (6e-8).
    expect(s / n).toBeCloseTo(0, 6);
    expect(ss / n).toBeCloseTo(1, 6);
    expect([r.shape, r.spacing, r.origin, r.direction]).toEqual([v.shape, v.spacing, v.origin, v.direction]);
    expect(r.voxels.data).toBeInstanceOf(Float32Array);
  });

  test('normaliseZScore([1, 2, 3, 4, 10]) is (X - 4) / sqrt(10)', () => {
    const r = normaliseZScore(line([1, 2, 3, 4, 10]), Uint8Array.from([1, 1, 1, 1, 1]));
    expect([...r.voxels.data]).toEqual([-3, -2, -1, 0, 6].map((x) => Math.fround(x / Math.sqrt(10))));
  });

  test('normaliseZScore with scale and clip (PyRadiomics normalizeScale, removeOutliers): scale min(max(z, -clip), clip)', () => {
    // z = [-3, -2, -1, 0, 6] / sqrt(10) = [-0.949, -0.632, -0.316, 0, 1.897]; clip 1 cuts the last one.
    const all = Uint8Array.from([1, 1, 1, 1, 1]);
    const r = normaliseZScore(line([1, 2, 3, 4, 10]), all, { scale: 100, clip: 1 });
    expect([...r.voxels.data]).toEqual([-3, -2, -1, 0, Math.sqrt(10)].map((x) => Math.fround((100 * x) / Math.sqrt(10))));
    const unclipped = normaliseZScore(line([1, 2, 3, 4, 10]), all, { scale: 100 });
    expect([...unclipped.voxels.data]).toEqual([-3, -2, -1, 0, 6].map((x) => Math.fround(100 * (x / Math.sqrt(10)))));
    expect(caught(() => normaliseZScore(line([1, 2]), Uint8Array.from([1, 1]), { scale: 0 })).detail.key).toBe('scale');
    expect(caught(() => normaliseZScore(line([1, 2]), Uint8Array.from([1, 1]), { clip: -1 })).detail.key).toBe('clip');
  });

  test('normaliseZScore of a constant region throws InvalidArgument naming the region (no NaN)', () => {
    const e = caught(() => normaliseZScore(line([5, 5, 5, 9]), Uint8Array.from([1, 1, 1, 0])));
    expect(e.code).toBe('InvalidArgument');
    expect(e.detail.key).toBe('region');
    expect(e.message).toContain('region');
  });

  test('normaliseZScore: NaN inside the region throws NonFiniteVoxels; NaN outside stays NaN', () => {
    expect(caught(() => normaliseZScore(line([1, NaN, 3]), Uint8Array.from([1, 1, 1]))).code).toBe('NonFiniteVoxels');
    const r = normaliseZScore(line([1, NaN, 3]), Uint8Array.from([1, 0, 1]));
    expect([...r.voxels.data]).toEqual([-1, NaN, 1]);
  });

  test.each([
    [new Uint8Array(3), 'no voxels'],
    [new Uint8Array(5).fill(1), 'has 5 values'],
    [[1, 1, 1, 1], 'Uint8Array'],
  ])('normaliseZScore(v, %j) throws InvalidArgument naming the region', (region, text) => {
    const e = caught(() => normaliseZScore(line([1, 2, 3]), region as never));
    expect(e.code).toBe('InvalidArgument');
    expect(e.detail.key).toBe('region');
    expect(e.message).toContain(text);
  });
});

describe('normaliseRange', () => {
  test('normaliseRange maps the region minimum and maximum onto outMin and outMax', () => {
    const r = normaliseRange(line([0, 2, 4, 6, 10]), Uint8Array.from([0, 1, 1, 1, 0]), { outMin: -1, outMax: 1 });
    expect([...r.voxels.data]).toEqual([-2, -1, 0, 1, 3]); // region [2, 6] -> [-1, 1]: y = -1 + (x - 2) / 2
  });

  test('normaliseRange(saturate) clamps voxels outside the region; defaults map to [0, 1]', () => {
    const r = normaliseRange(line([0, 2, 4, 6, 10]), Uint8Array.from([0, 1, 1, 1, 0]), { saturate: true });
    expect([...r.voxels.data]).toEqual([0, 0, 0.5, 1, 1]);
  });

  test('two scans a X + b give the same range-normalised values', () => {
    expectSameValues(normaliseRange(scan(1, 0), ROI), normaliseRange(scan(0.4, 1000), ROI), 6);
  });

  test('normaliseRange of a constant region throws InvalidArgument naming the region', () => {
    expect(caught(() => normaliseRange(line([3, 3]), Uint8Array.from([1, 1]))).detail.key).toBe('region');
  });

  test.each([
    [{ outMin: 1, outMax: 1 }, 'outMax'],
    [{ outMin: 2, outMax: 1 }, 'outMax'],
    [{ outMin: NaN }, 'outMin'],
    [{ saturate: 'yes' }, 'saturate'],
  ])('normaliseRange(v, r, %j) throws InvalidArgument naming %s', (options, key) => {
    const e = caught(() => normaliseRange(line([1, 2]), Uint8Array.from([1, 1]), options as never));
    expect(e.code).toBe('InvalidArgument');
    expect(e.detail.key).toBe(key);
  });
});

describe('normalisePercentile', () => {
  const ramp = line(Array.from({ length: 101 }, (_, i) => i));
  const all101 = new Uint8Array(101).fill(1);

  test('normalisePercentile(0..100) maps P1 = 1 to 0 and P99 = 99 to 1, saturating the tails by default', () => {
    const r = normalisePercentile(ramp, all101).voxels.data;
    expect(r[1]).toBe(0);
    expect(r[99]).toBe(1);
    expect(r[50]).toBe(Math.fround(49 / 98));
    expect([r[0], r[100]]).toEqual([0, 1]);
  });

  test('normalisePercentile({ saturate: false }) extends the map beyond the percentiles', () => {
    const r = normalisePercentile(ramp, all101, { saturate: false }).voxels.data;
    expect(r[0]).toBe(Math.fround(-1 / 98));
    expect(r[100]).toBe(Math.fround(99 / 98));
  });

  test('normalisePercentile({ lower: 10, upper: 90, outMin: -1, outMax: 1 }) on [1, 2, 3, 4] uses type-7 percentiles 1.3 and 3.7', () => {
    const r = normalisePercentile(line([1, 2, 3, 4]), Uint8Array.from([1, 1, 1, 1]), { lower: 10, upper: 90, outMin: -1, outMax: 1, saturate: false }).voxels.data;
    // y = -1 + 2 (x - 1.3) / 2.4
    expect([...r]).toEqual([1, 2, 3, 4].map((x) => expect.closeTo(-1 + (2 * (x - 1.3)) / 2.4, 7)));
  });

  test('two scans a X + b give the same percentile-normalised values', () => {
    expectSameValues(normalisePercentile(scan(1, 0), ALL), normalisePercentile(scan(3, -20), ALL), 6);
  });

  test('normalisePercentile throws InvalidArgument when the two percentiles coincide', () => {
    const e = caught(() => normalisePercentile(line([0, 5, 5, 5, 5, 5, 5, 9]), new Uint8Array(8).fill(1), { lower: 20, upper: 80 }));
    expect(e.detail.key).toBe('region');
  });

  test.each([
    [{ lower: -1 }, 'lower'],
    [{ lower: 100 }, 'lower'],
    [{ lower: 50, upper: 50 }, 'upper'],
    [{ upper: 101 }, 'upper'],
    [{ outMax: -1 }, 'outMax'],
  ])('normalisePercentile(v, r, %j) throws InvalidArgument naming %s', (options, key) => {
    const e = caught(() => normalisePercentile(ramp, all101, options));
    expect(e.code).toBe('InvalidArgument');
    expect(e.detail.key).toBe(key);
  });
});

describe('percentileSorted (Hyndman & Fan type 7)', () => {
  test.each([
    [0, 1],
    [10, 1.3],
    [50, 2.5],
    [90, 3.7],
    [100, 4],
  ])('percentileSorted([1, 2, 3, 4], %s) is %s', (p, q) => {
    expect(percentileSorted([1, 2, 3, 4], p)).toBeCloseTo(q, 14);
  });
});

describe('foregroundMask (Otsu)', () => {
  test('foregroundMask separates a bright object from a dark noisy background', () => {
    const [nx, ny, nz] = SHAPE;
    const inside = (x: number, y: number, z: number) => (x - 5) ** 2 + (y - 4) ** 2 + (z - 4) ** 2 <= 9 || x >= 7;
    const data = new Float64Array(nx * ny * nz);
    for (let z = 0, i = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, i++) data[i] = (inside(x, y, z) ? 300 : 20) + 40 * noise(i);
    const v = createVolume({ data, shape: SHAPE });
    const t = otsuThreshold(v);
    expect(t).toBeGreaterThan(55); // background 20..60: the split lies above its last bin
    expect(t).toBeLessThan(300); // object 300..340
    const fg = foregroundMask(v);
    for (let z = 0, i = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, i++) expect(fg[i]).toBe(inside(x, y, z) ? 1 : 0);
  });

  test('otsuThreshold of three tissues splits where the between-class variance is largest: sphere vs the rest here', () => {
    // Background 20..60 (most voxels), slab 140..180, sphere 320..360.
    const v = scan(1, 0);
    const t = otsuThreshold(v);
    expect(t).toBeGreaterThan(175);
    expect(t).toBeLessThan(325);
    const fg = foregroundMask(v);
    v.voxels.data.forEach((x, i) => expect(fg[i]).toBe(x >= 320 ? 1 : 0));
  });

  test('otsuThreshold of two values is the upper edge of the first bin (the first maximal split)', () => {
    // Histogram over [0, 256] in 256 bins of width 1: counts at bins 0 and 255; every split between them
    // gives the same variance, the first (after bin 0) wins: threshold 1, the upper edge of bin 0.
    expect(otsuThreshold(line([0, 0, 256, 256]))).toBe(1);
    expect([...foregroundMask(line([0, 0, 256, 256]))]).toEqual([0, 0, 1, 1]);
  });

  test('foregroundMask ignores non-finite voxels when choosing the threshold', () => {
    expect([...foregroundMask(line([0, NaN, 256, Infinity]))]).toEqual([0, 0, 1, 1]);
  });

  test('foregroundMask of a constant image throws InvalidArgument', () => {
    expect(caught(() => foregroundMask(line([4, 4, 4]))).code).toBe('InvalidArgument');
  });
});
