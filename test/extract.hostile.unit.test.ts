/**
 * Work bounded by the data, not by a header value (issue 19): a voxel spacing of 1e-5 mm, which every
 * reader accepts, must not make extract run for hours. The local-intensity sphere is clipped to the image
 * (same values, bounded cost); LoG kernels and resampled grids whose size a spacing sets are refused
 * before they are allocated (WorkTooLarge); limits.maxWork is the explicit limit.
 */
import { describe, expect, test } from 'vitest';
import { extract } from '../src/extract.js';
import { createVolume, type Vec3 } from '../src/image/volume.js';
import { caught } from './helpers/errors.js';

const SHAPE: Vec3 = [12, 10, 8];
const N = SHAPE[0] * SHAPE[1] * SHAPE[2];
const values = Float32Array.from({ length: N }, (_, i) => (i * 37) % 101);

function pair(spacing: Vec3) {
  const image = createVolume({ data: values, shape: SHAPE, spacing });
  const mask = createVolume({ data: Uint8Array.from({ length: N }, (_, i) => (i % 7 === 0 ? 0 : 1)), shape: SHAPE, spacing });
  return { image, mask: { volume: mask, label: 1 } };
}

describe('extract on hostile spacings', () => {
  test('extract(spacing 1e-5 mm, li) gives both peaks as the whole-image mean: the sphere covers the image, clipped to it', () => {
    const { image, mask } = pair([1e-5, 1e-5, 1e-5]);
    const result = extract(image, mask, { families: ['li'] });
    const mean = values.reduce((a, b) => a + b, 0) / N;
    for (const f of result.features) expect(f.value).toBeCloseTo(mean, 9);
  });

  test('extract(li) over limits.maxWork is WorkTooLarge, naming the spacing and the limit', () => {
    const { image, mask } = pair([1e-5, 1e-5, 1e-5]);
    const e = caught(() => extract(image, mask, { families: ['li'], limits: { maxWork: 1000 } }));
    expect(e.code).toBe('WorkTooLarge');
    expect(e.message).toMatch(/local intensity: \d+ ROI voxels x 285 sphere chords .* over limits\.maxWork .* \[0\.00001, 0\.00001, 0\.00001\] mm/);
  });

  test('a LoG filter at spacing 1e-5 mm (kernels of 2.4 million taps) is WorkTooLarge before its kernels are made', () => {
    const { image, mask } = pair([1e-5, 1e-5, 1e-5]);
    const e = caught(() => extract(image, mask, { families: ['stat'], imageTypes: [{ type: 'log', sigma: 3 }] }));
    expect(e.code).toBe('WorkTooLarge');
    expect(e.message).toMatch(/^log filter: kernels of 2400001 x 2400001 x 2400001 taps/);
  });

  test('resampling a 1e6 mm spacing to 1 mm (10^7 voxels per axis) is WorkTooLarge before the grid is allocated', () => {
    const { image, mask } = pair([1e6, 1e6, 1e6]);
    const e = caught(() => extract(image, mask, { families: ['stat'], resampling: { spacing: [1, 1, 1] } }));
    expect(e.code).toBe('WorkTooLarge');
    expect(e.message).toMatch(/resampling 12 x 10 x 8 voxels .* over 2\^31/);
  });
});
