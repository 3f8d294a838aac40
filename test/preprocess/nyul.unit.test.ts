import { describe, expect, test } from 'vitest';
import { caught } from '../helpers/errors.js';
import { createVolume, type Vec3, type Volume } from '../../src/image/volume.js';
import { percentileSorted } from '../../src/preprocess/normalise.js';
import { applyNyul, fitNyul, NYUL_DEFAULT_PERCENTILES, parseNyulModel, type NyulModel } from '../../src/preprocess/nyul.js';

const SHAPE: Vec3 = [12, 10, 6];
const N = SHAPE[0] * SHAPE[1] * SHAPE[2];
const ALL = new Uint8Array(N).fill(1);

function noise(i: number): number {
  let s = (i * 2654435761) >>> 0;
  s = (s ^ (s >>> 16)) >>> 0;
  s = Math.imul(s, 2246822507) >>> 0;
  return ((s ^ (s >>> 13)) >>> 0) / 2 ** 32;
}

/** A synthetic MR phantom with three tissues and noise, scanned as g(X): e.g. a X + b. */
function scan(g: (x: number) => number): Volume<Float64Array> {
  const [nx, ny, nz] = SHAPE;
  const data = new Float64Array(N);
  for (let z = 0, i = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        const tissue = x < 4 ? 100 : x < 8 ? 250 : 400;
        data[i] = g(tissue + 60 * noise(i) + 5 * y);
      }
  return createVolume({ data, shape: SHAPE, spacing: [1, 1, 2] });
}

function line(values: number[]): Volume<Float64Array> {
  return createVolume({ data: Float64Array.from(values), shape: [values.length, 1, 1] });
}

const ramp101 = () => line(Array.from({ length: 101 }, (_, i) => i));
const all101 = new Uint8Array(101).fill(1);

describe('fitNyul / applyNyul', () => {
  test('a model fitted on one scan maps another scan a X + b of the same phantom onto the same histogram', () => {
    const training = scan((x) => x);
    const validation = scan((x) => 3.2 * x - 700);
    const model = fitNyul([{ volume: training, region: ALL }]);
    const a = applyNyul(training, ALL, model).voxels.data;
    const b = applyNyul(validation, ALL, model).voxels.data;
    for (let i = 0; i < N; i++) expect(b[i]).toBeCloseTo(a[i], 4); // float32 results on a 0..100 scale
    // The validation scan's histogram landmarks land on the model's.
    const sorted = Float64Array.from(b).sort();
    model.percentiles.forEach((p, k) => expect(percentileSorted(sorted, p)).toBeCloseTo(model.landmarks[k], 4));
  });

  test('the standardised training scan has its landmarks at the model positions', () => {
    const v = scan((x) => x);
    const model = fitNyul([{ volume: v, region: ALL }]);
    const sorted = Float64Array.from(applyNyul(v, ALL, model).voxels.data).sort();
    model.percentiles.forEach((p, k) => {
      const h = ((N - 1) * p) / 100;
      const j = Math.floor(h);
      const q = j >= N - 1 ? sorted[N - 1] : sorted[j] + (h - j) * (sorted[j + 1] - sorted[j]);
      expect(q).toBeCloseTo(model.landmarks[k], 4); // float32 output: ~1e-5 at 100
    });
  });

  test('fitNyul averages the landmarks of the samples on the standard scale', () => {
    // Sample 1: values 0..100, P_p = p, so mu'_p = (p - 1) / 98 * 100. Sample 2: values i^2 / 100 at the same
    // type-7 positions h = p, so P_p = p^2 / 100 and mu'_p = (p^2 - 1) / (99^2 - 1) * 100.
    const s1 = ramp101();
    const s2 = line(Array.from({ length: 101 }, (_, i) => (i * i) / 100));
    const model = fitNyul([{ volume: s1, region: all101 }, { volume: s2, region: all101 }], { percentiles: [1, 50, 99], scale: [0, 100] });
    expect(model.percentiles).toEqual([1, 50, 99]);
    expect(model.landmarks[0]).toBe(0);
    expect(model.landmarks[2]).toBe(100);
    // p = 50: (49 / 98 * 100 + 2499 / 9800 * 100) / 2 = (50 + 25.5) / 2 = 37.75.
    expect(model.landmarks[1]).toBeCloseTo(37.75, 12);
  });

  test('applyNyul extrapolates the end segments linearly beyond the first and last landmarks', () => {
    // Fitted on itself, values 0..100 with landmarks P1 = 1 .. P99 = 99 map linearly: y = (x - 1) 100 / 98,
    // also for 0 and 100, which lie beyond the end landmarks.
    const v = ramp101();
    const model = fitNyul([{ volume: v, region: all101 }]);
    const r = applyNyul(v, all101, model).voxels.data;
    for (let x = 0; x <= 100; x++) expect(r[x]).toBe(Math.fround(((x - 1) * 100) / 98));
    const far = applyNyul(line([-50, 250]), Uint8Array.from([1, 1]), { ...model, percentiles: [0, 100], landmarks: [0, 100] });
    expect([...far.voxels.data]).toEqual([0, 100]);
  });

  test('fitNyul defaults: deciles with ends 1 and 99, standard scale [0, 100]', () => {
    const model = fitNyul([{ volume: scan((x) => x), region: ALL }]);
    expect(model.percentiles).toEqual([...NYUL_DEFAULT_PERCENTILES]);
    expect(model.percentiles).toEqual([1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99]);
    expect([model.landmarks[0], model.landmarks[10]]).toEqual([0, 100]);
    expect(Object.keys(model).sort()).toEqual(['kind', 'landmarks', 'percentiles', 'version']);
    expect(model.kind).toBe('nyul');
    expect(model.version).toBe(1);
  });

  test('the model round-trips through JSON and gives the same standardisation', () => {
    const model = fitNyul([{ volume: scan((x) => x), region: ALL }, { volume: scan((x) => Math.sqrt(x) * 40), region: ALL }]);
    const parsed = parseNyulModel(JSON.parse(JSON.stringify(model)));
    expect(parsed).toEqual(model);
    const v = scan((x) => 0.5 * x + 3);
    expect(applyNyul(v, ALL, parsed).voxels.data).toEqual(applyNyul(v, ALL, model).voxels.data);
  });

  test('applyNyul takes the landmarks from the region only; voxels outside are mapped too', () => {
    const model = fitNyul([{ volume: ramp101(), region: all101 }]);
    // Two bright voxels outside the region do not move the landmarks; they are extrapolated.
    const v = line([...Array.from({ length: 101 }, (_, i) => i), 1000, 5000]);
    const region = Uint8Array.from({ length: 103 }, (_, i) => (i <= 100 ? 1 : 0));
    const r = applyNyul(v, region, model).voxels.data;
    expect(r[50]).toBe(Math.fround((49 * 100) / 98));
    expect(r[101]).toBe(Math.fround((999 * 100) / 98));
    expect(r[102]).toBe(Math.fround((4999 * 100) / 98));
  });
});

describe('Nyul errors', () => {
  test('fitNyul([]) throws InvalidArgument naming samples', () => {
    expect(caught(() => fitNyul([])).detail.key).toBe('samples');
  });

  test.each([
    [{ percentiles: [50] }, 'percentiles'],
    [{ percentiles: [10, 5, 90] }, 'percentiles'],
    [{ percentiles: [1, 50, 50, 99] }, 'percentiles'],
    [{ percentiles: [-1, 99] }, 'percentiles'],
    [{ percentiles: [1, 101] }, 'percentiles'],
    [{ scale: [100, 0] }, 'scale'],
    [{ scale: [0, Infinity] }, 'scale'],
    [{ scale: [0] }, 'scale'],
  ])('fitNyul(samples, %j) throws InvalidArgument naming %s', (options, key) => {
    const e = caught(() => fitNyul([{ volume: ramp101(), region: all101 }], options as never));
    expect(e.code).toBe('InvalidArgument');
    expect(e.detail.key).toBe(key);
  });

  test('a region with too few distinct intensities for the landmarks throws InvalidArgument naming the percentiles', () => {
    const flat = line([...Array(60).fill(0), ...Array.from({ length: 41 }, (_, i) => i + 1)]);
    const e = caught(() => fitNyul([{ volume: ramp101(), region: all101 }, { volume: flat, region: all101 }]));
    expect(e.code).toBe('InvalidArgument');
    expect(e.message).toContain('samples[1]');
    expect(e.message).toContain('percentiles P1 and P10');
    expect(e.detail.percentiles).toEqual([1, 10]);
  });

  const good = (): NyulModel => fitNyul([{ volume: ramp101(), region: all101 }]);
  test.each([
    [(m: Record<string, unknown>) => ({ ...m, kind: 'zscore' }), 'model.kind'],
    [(m: Record<string, unknown>) => ({ ...m, kind: undefined }), 'model.kind'],
    [(m: Record<string, unknown>) => ({ ...m, version: 2 }), 'model.version'],
    [(m: Record<string, unknown>) => ({ ...m, extra: 1 }), 'model.extra'],
    [(m: Record<string, unknown>) => ({ ...m, percentiles: [1, 99] }), 'model.landmarks'],
    [(m: Record<string, unknown>) => ({ ...m, percentiles: 'deciles' }), 'model.percentiles'],
    [(m: Record<string, unknown>) => ({ ...m, percentiles: [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.5] }), 'model.percentiles'],
    [(m: Record<string, unknown>) => ({ ...m, landmarks: [0, 20, 10, 30, 40, 50, 60, 70, 80, 90, 100] }), 'model.landmarks'],
    [(m: Record<string, unknown>) => ({ ...m, landmarks: [0, 10, 20, 30, 40, null, 60, 70, 80, 90, 100] }), 'model.landmarks'],
    [(m: Record<string, unknown>) => ({ ...m, scale: [0, 100] }), 'model.scale'],
  ])('parseNyulModel(broken model %#) throws InvalidConfig naming %s', (breakIt, key) => {
    const e = caught(() => parseNyulModel(breakIt({ ...good() })));
    expect(e.code).toBe('InvalidConfig');
    expect(e.detail.key).toBe(key);
  });

  test('parseNyulModel(null) throws InvalidConfig naming model; applyNyul checks its model too', () => {
    expect(caught(() => parseNyulModel(null)).detail.key).toBe('model');
    expect(caught(() => applyNyul(ramp101(), all101, { ...good(), version: 3 } as never)).code).toBe('InvalidConfig');
  });
});
