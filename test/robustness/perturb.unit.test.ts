import { describe, expect, test } from 'vitest';
import { createVolume, type Mask, type Vec3, type Volume } from '../../src/image/volume.js';
import { cropToRoi } from '../../src/robustness/grid.js';
import { adaptVolumeByDistance, adaptVolumeByFraction, countVoxels } from '../../src/robustness/maskOps.js';
import { addNoise, estimateNoise } from '../../src/robustness/noise.js';
import { drawPlans, perturb, PERTURBATION_RANGES } from '../../src/robustness/perturb.js';
import { createRandom } from '../../src/robustness/random.js';

const SHAPE: Vec3 = [40, 40, 20];
const SPACING: Vec3 = [1, 1, 2];

/** A ramp background, a bright sphere of radius 8 mm at the centre (the ROI), noise SD 5. */
function phantom(seed = 1): { image: Volume; mask: Mask } {
  const rng = createRandom(seed);
  const n = SHAPE[0] * SHAPE[1] * SHAPE[2];
  const img = new Float32Array(n);
  const msk = new Uint8Array(n);
  for (let z = 0, i = 0; z < SHAPE[2]; z++) {
    for (let y = 0; y < SHAPE[1]; y++) {
      for (let x = 0; x < SHAPE[0]; x++, i++) {
        const r = Math.hypot(x - 19.5, y - 19.5, (z - 9.5) * 2);
        const inside = r <= 8;
        img[i] = 100 + 2 * x + (inside ? 200 + 5 * Math.sin(x) : 0) + 5 * rng.normal();
        msk[i] = inside ? 1 : 0;
      }
    }
  }
  return { image: createVolume({ data: img, shape: SHAPE, spacing: SPACING }), mask: { volume: createVolume({ data: msk, shape: SHAPE, spacing: SPACING }), label: 1 } };
}

const { image, mask } = phantom();
const roi = countVoxels(mask.volume.voxels.data as Uint8Array);

describe('perturb', () => {
  test('perturb(image, mask, N+R+T+C+V plan, 7) twice gives bit-identical output', () => {
    const plan = { rotation: 7, translation: [0.25, 0.5, 0] as Vec3, noise: { sd: 'estimate' as const }, contour: true, volume: { fraction: 0.1 } };
    const a = perturb(image, mask, plan, 7);
    const b = perturb(image, mask, plan, 7);
    expect(a.image.voxels.data).toEqual(b.image.voxels.data);
    expect(a.mask.volume.voxels.data).toEqual(b.mask.volume.voxels.data);
    expect(a.applied).toEqual(b.applied);
    const c = perturb(image, mask, plan, 8);
    expect(c.image.voxels.data).not.toEqual(a.image.voxels.data);
  });

  test('rotation 0 and translation [0, 0, 0] are the identity', () => {
    const p = perturb(image, mask, { rotation: 0, translation: [0, 0, 0] }, 1);
    expect(p.image.voxels.data).toEqual(image.voxels.data);
    expect(Array.from(p.mask.volume.voxels.data)).toEqual(Array.from(mask.volume.voxels.data));
  });

  test('translation [1, 0, 0] shifts the image by one voxel: out(x) = in(x + 1)', () => {
    const p = perturb(image, mask, { translation: [1, 0, 0] }, 1);
    const d = image.voxels.data as Float32Array;
    const o = p.image.voxels.data as Float32Array;
    for (const i of [5 + 40 * (7 + 40 * 3), 20 + 40 * (20 + 40 * 10)]) expect(o[i]).toBeCloseTo(d[i + 1], 3);
  });

  test('translation [0.5, 0, 0] averages neighbours (trilinear)', () => {
    const p = perturb(image, mask, { translation: [0.5, 0, 0] }, 1);
    const d = image.voxels.data as Float32Array;
    const i = 10 + 40 * (3 + 40 * 2);
    expect((p.image.voxels.data as Float32Array)[i]).toBeCloseTo((d[i] + d[i + 1]) / 2, 3);
  });

  test('rotation by 90 degrees about the ROI centroid c maps out(i, j) = in(c_x - (j - c_y), c_y + (i - c_x))', () => {
    // in = x index on an isotropic grid; ROI a 6 x 6 block centred at (10.5, 10.5)
    const shape: Vec3 = [22, 22, 3];
    const img = Float32Array.from({ length: 22 * 22 * 3 }, (_, i) => i % 22);
    const msk = Uint8Array.from({ length: img.length }, (_, i) => (Math.abs((i % 22) - 10.5) < 3 && Math.abs((Math.floor(i / 22) % 22) - 10.5) < 3 ? 1 : 0));
    const p = perturb(createVolume({ data: img, shape }), { volume: createVolume({ data: msk, shape }), label: 1 }, { rotation: 90 }, 1);
    const out = p.image.voxels.data as Float32Array;
    for (const [i, j] of [[10, 12], [14, 9], [5, 5]]) expect(out[i + 22 * (j + 22)]).toBeCloseTo(10.5 - (j - 10.5), 4);
    expect(Array.from(p.mask.volume.voxels.data)).toEqual(Array.from(msk)); // the block is symmetric under 90 degrees
  });

  test('rotation by 90 degrees about the centroid keeps the sphere ROI volume within 2%', () => {
    const p = perturb(image, mask, { rotation: 90 }, 1);
    expect(Math.abs(p.applied.roiVoxels[1] / roi - 1)).toBeLessThan(0.02);
    expect(p.image.voxels.data).not.toEqual(image.voxels.data);
  });

  test('noise { sd: 3 } adds noise whose SD is 3 (within 3%)', () => {
    const p = perturb(image, mask, { noise: { sd: 3 } }, 5);
    const a = image.voxels.data as Float32Array;
    const b = p.image.voxels.data as Float32Array;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < a.length; i++) { const d = b[i] - a[i]; s += d; s2 += d * d; }
    const sd = Math.sqrt(s2 / a.length - (s / a.length) ** 2);
    expect(Math.abs(sd / 3 - 1)).toBeLessThan(0.03);
    expect(p.applied.noiseSd).toBe(3);
  });

  test('noise { sd: "estimate" } uses the image noise level (SD 5 in the phantom, within 15%)', () => {
    const p = perturb(image, mask, { noise: { sd: 'estimate' } }, 5);
    expect(Math.abs((p.applied.noiseSd as number) / 5 - 1)).toBeLessThan(0.15);
  });

  test.each([0.1, -0.1, 0.2])('volume { fraction: %s } changes the ROI volume by that fraction (within one voxel)', (fraction) => {
    const p = perturb(image, mask, { volume: { fraction } }, 3);
    expect(Math.abs(p.applied.roiVoxels[1] - Math.floor(roi * (1 + fraction)))).toBeLessThanOrEqual(1);
  });

  test('contour randomisation changes the ROI but keeps most of it (Dice > 0.7)', () => {
    const p = perturb(image, mask, { contour: true }, 11);
    const a = mask.volume.voxels.data as Uint8Array;
    const b = p.mask.volume.voxels.data as Uint8Array;
    let both = 0;
    let diff = 0;
    for (let i = 0; i < a.length; i++) { both += a[i] & b[i]; diff += a[i] ^ b[i]; }
    expect(diff).toBeGreaterThan(0);
    expect((2 * both) / (countVoxels(a) + countVoxels(b))).toBeGreaterThan(0.7);
    expect(p.applied.contour?.supervoxels).toBeGreaterThan(1);
  });

  test('an unusable plan is InvalidArgument', () => {
    expect(() => perturb(image, mask, { rotation: NaN }, 1)).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });
});

describe('noise estimation (Chang et al. 2000, coif1 HH sub-band)', () => {
  test('estimateNoise of pure Gaussian noise with SD 5 is 5 within 3%', () => {
    const n = 64 * 64 * 8;
    const noisy = addNoise(new Float64Array(n), 5, createRandom(3));
    expect(Math.abs(estimateNoise(noisy, [64, 64, 8]) / 5 - 1)).toBeLessThan(0.03);
  });
  test('a smooth image without noise has an estimate near 0', () => {
    const n = 32 * 32 * 2;
    const v = Float64Array.from({ length: n }, (_, i) => 3 * (i % 32) + 0.5 * Math.floor(i / 32));
    expect(estimateNoise(v, [32, 32, 2])).toBeLessThan(1e-6);
  });
});

describe('volume adaptation', () => {
  const ind = mask.volume.voxels.data as Uint8Array;
  test('adaptVolumeByFraction(+10%) grows the ROI to floor(1.1 V)', () => {
    expect(countVoxels(adaptVolumeByFraction(ind, SHAPE, 0.1, createRandom(1)))).toBe(Math.floor(roi * 1.1));
  });
  test('adaptVolumeByDistance(+2 mm) contains the ROI and grows it; (-2 mm) lies inside it', () => {
    const grown = adaptVolumeByDistance(ind, SHAPE, SPACING, 2);
    const shrunk = adaptVolumeByDistance(ind, SHAPE, SPACING, -2);
    expect(countVoxels(grown)).toBeGreaterThan(roi);
    expect(countVoxels(shrunk)).toBeLessThan(roi);
    for (let i = 0; i < ind.length; i++) {
      if (ind[i]) expect(grown[i]).toBe(1);
      if (shrunk[i]) expect(ind[i]).toBe(1);
    }
  });
});

describe('drawPlans and cropToRoi', () => {
  test('drawPlans(["N", "T", "V", "C"], 20, 42) is deterministic and within the ranges', () => {
    const a = drawPlans(['N', 'T', 'V', 'C'], 20, 42);
    expect(drawPlans(['N', 'T', 'V', 'C'], 20, 42)).toEqual(a);
    expect(a).toHaveLength(20);
    for (const p of a) {
      expect(p.rotation).toBeUndefined();
      expect(p.noise).toEqual({ sd: 'estimate' });
      expect(p.contour).toBe(true);
      for (const t of p.translation as Vec3) expect(PERTURBATION_RANGES.translation).toContain(t);
      const f = (p.volume as { fraction: number }).fraction;
      expect(f).toBeGreaterThanOrEqual(-0.2);
      expect(f).toBeLessThanOrEqual(0.2);
    }
    expect(() => drawPlans(['X' as 'N'], 1, 1)).toThrow(/unknown perturbation "X"/);
  });

  test('cropToRoi keeps the ROI and a margin, and moves the origin', () => {
    const c = cropToRoi(image, mask, 4);
    expect(countVoxels(c.mask.volume.voxels.data as Uint8Array)).toBe(roi);
    expect(c.image.shape[0]).toBeLessThan(SHAPE[0]);
    expect(c.image.origin[0]).toBeGreaterThan(0);
  });
});
