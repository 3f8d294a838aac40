/** kernelBox and kernelInput(region, box, buffers): the present grey levels a kernel shares with its families; a kernel's input is its box's. */
import { describe, expect, test } from 'vitest';
import { kernelBox, kernelBoxes, kernelBuffers, kernelInput, type MapRegion } from '../../src/maps/kernel.js';
import { presentLevels } from '../../src/features/levels.js';
import { rng } from '../helpers/random.js';

describe('kernelInput(region, box, buf).present', () => {
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
      const input = kernelInput(region, kernelBox(region, centre, 1), buf);
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

describe('kernelBox', () => {
  test('the kernel cube clipped to the region, shrunk to its morphological voxels; the cube\'s masked voxels are exactly the box\'s', () => {
    const random = rng(9);
    const shape: [number, number, number] = [7, 6, 3];
    const [nx, ny, nz] = shape;
    const n = nx * ny * nz;
    const mask = Uint8Array.from({ length: n }, () => (random() < 0.5 ? 1 : 0));
    const region = { shape, morphMask: mask } as unknown as MapRegion;
    const R = 2;
    let repeats = 0;
    const seen = new Set<string>();
    for (let centre = 0; centre < n; centre++) {
      if (!mask[centre]) continue;
      const box = kernelBox(region, centre, R);
      const cx = centre % nx, cy = Math.floor(centre / nx) % ny, cz = Math.floor(centre / (nx * ny));
      const inCube: number[] = [];
      const inBox: number[] = [];
      for (let i = 0; i < n; i++) {
        if (!mask[i]) continue;
        const x = i % nx, y = Math.floor(i / nx) % ny, z = Math.floor(i / (nx * ny));
        if (Math.abs(x - cx) <= R && Math.abs(y - cy) <= R && Math.abs(z - cz) <= R) inCube.push(i);
        if (x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1 && z >= box.z0 && z <= box.z1) inBox.push(i);
      }
      expect(inBox).toEqual(inCube);
      expect(box.count).toBe(inCube.length);
      const key = inCube.join(',');
      if (seen.has(key)) repeats++;
      seen.add(key);
    }
    // Three slices within a radius of 2: many centres share their kernel's voxels.
    expect(repeats).toBeGreaterThan(0);
  });
});

describe('kernelBoxes', () => {
  test.each([1, 2, 3])('kernelBoxes(region, %i) holds kernelBox of every centre (masks of every density, centres outside the mask too)', (R) => {
    const random = rng(10 + R);
    for (const density of [0.1, 0.5, 0.9]) {
      const shape: [number, number, number] = [9, 7, 5];
      const n = shape[0] * shape[1] * shape[2];
      const mask = Uint8Array.from({ length: n }, () => (random() < density ? 1 : 0));
      const centres = Int32Array.from({ length: n }, (_, j) => j).filter((j) => mask[j] === 1 || j % 11 === 0);
      const region = { shape, morphMask: mask, centres } as unknown as MapRegion;
      const boxes = kernelBoxes(region, R);
      centres.forEach((centre, k) => {
        const { x0, y0, z0, x1, y1, z1 } = kernelBox(region, centre, R);
        expect([...boxes.subarray(6 * k, 6 * k + 6)]).toEqual([x0, y0, z0, x1, y1, z1]);
      });
    }
  });
});
