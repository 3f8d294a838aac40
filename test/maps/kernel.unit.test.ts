/** kernelInput(region, centre, radius, buffers): the present grey levels a kernel shares with its families. */
import { describe, expect, test } from 'vitest';
import { kernelBuffers, kernelInput, type MapRegion } from '../../src/maps/kernel.js';
import { presentLevels } from '../../src/features/levels.js';
import { rng } from '../helpers/random.js';

describe('kernelInput(region, centre, radius, buf).present', () => {
  test('equals presentLevels of the kernel levels, made once per kernel, fresh for the next kernel', () => {
    const random = rng(5);
    const shape: [number, number, number] = [6, 5, 4];
    const n = shape[0] * shape[1] * shape[2];
    const mask = Uint8Array.from({ length: n }, () => (random() < 0.8 ? 1 : 0));
    const levels = Int32Array.from(mask, (m) => (m ? 1 + Math.floor(random() * 12) : 0));
    const region = {
      image: null,
      spacing: [1, 1, 1],
      offset: [0, 0, 0],
      shape,
      intensities: Float64Array.from(levels),
      intensityMask: mask,
      morphMask: mask,
      levels,
      centres: Int32Array.from({ length: n }, (_, j) => j).filter((j) => mask[j] === 1),
      nBins: 'highest',
      ivh: { discretisation: { method: 'fixedBinNumber', bins: 10 }, range: null },
    } as unknown as MapRegion;
    const buf = kernelBuffers(1);
    let checked = 0;
    for (const centre of region.centres) {
      const input = kernelInput(region, centre, 1, buf);
      const present = input.present!;
      expect(input.present).toBe(present);
      const expected = presentLevels(input.levels.slice());
      expect([...present.values]).toEqual([...expected.values]);
      expect([...present.rankOf]).toEqual([...expected.rankOf]);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});
