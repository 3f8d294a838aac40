/**
 * Image perturbation for robustness assessment (Zwanenburg A, Leger S, Agolli L, et al. Assessing robustness
 * of radiomic features by image perturbation. Sci Rep 2019;9:614): a perturbed copy of an image and its ROI
 * that a feature should survive if it is robust. Steps, in MIRP's order:
 *   N  noise addition: Gaussian noise with the image's own noise level (estimated, see noise.ts) or a given SD;
 *   R  rotation of the grid in-plane about the ROI centroid, and
 *   T  sub-voxel translation of the grid (both by re-sampling on the same grid, see grid.ts);
 *   C  contour randomisation with supervoxels (see supervoxels.ts);
 *   V  volume adaptation: grow or shrink the ROI by a volume fraction or a distance (see maskOps.ts).
 * perturb() applies one concrete plan; drawPlans() draws plans at random within the ranges of the paper
 * (rotation -15..15 degrees, translation 0, 0.25, 0.5 or 0.75 voxel per axis, volume -20%..+20%).
 * Deterministic: the same image, mask, plan and seed give bit-identical output. Each step draws from its own
 * stream derived from the seed, so adding one perturbation does not change the draws of another.
 */
import { RadiomicsError } from '../errors.js';
import { checkSameGeometry } from '../image/geometry.js';
import { createVolume, type Mask, type Vec3, type Volume } from '../image/volume.js';
import { imageValues, roiIndicator, rotateTranslate } from './grid.js';
import { adaptVolumeByDistance, adaptVolumeByFraction, countVoxels } from './maskOps.js';
import { addNoise, estimateNoise } from './noise.js';
import { createRandom, deriveSeed } from './random.js';
import { randomiseContour } from './supervoxels.js';

/** The letters of the perturbation chain (Zwanenburg et al. 2019). */
export const PERTURBATION_KINDS = ['N', 'R', 'T', 'C', 'V'] as const;
export type PerturbationKind = (typeof PERTURBATION_KINDS)[number];

/** One concrete perturbation; omitted parts are not applied. */
export interface PerturbationPlan {
  /** In-plane rotation in degrees about the ROI centroid. */
  readonly rotation?: number;
  /** Grid translation in voxels per axis (sub-voxel: each in [0, 1)). */
  readonly translation?: Vec3;
  /** Noise SD in image units, or 'estimate' for the image's own noise level. */
  readonly noise?: { readonly sd: number | 'estimate' };
  /** Volume change: a fraction of the ROI volume (0.1 = +10%) or a distance in mm (negative shrinks). */
  readonly volume?: { readonly fraction: number } | { readonly distance: number };
  /** Contour randomisation with supervoxels. */
  readonly contour?: boolean;
}

/** What was applied (the plan with estimated or achieved values). */
export interface AppliedPerturbation {
  readonly rotation: number;
  readonly translation: Vec3;
  readonly noiseSd: number | null;
  readonly contour: { readonly supervoxels: number; readonly included: number } | null;
  readonly volume: { readonly fraction: number | null; readonly distance: number | null } | null;
  /** ROI voxels before and after all steps. */
  readonly roiVoxels: readonly [number, number];
}

export interface Perturbed {
  readonly image: Volume<Float32Array>;
  readonly mask: Mask<Uint8Array>;
  readonly applied: AppliedPerturbation;
}

const STREAM = { noise: 1, contour: 2, volume: 3 } as const;

/**
 * Applies `plan` to image and ROI (`mask.label`); see the file comment for the order. The result lies on
 * the image's grid; its mask has label 1. Cost: rotation/translation one trilinear pass; contour
 * randomisation a SLIC segmentation of the ROI's neighbourhood (25 mm around it).
 */
export function perturb(image: Volume, mask: Mask, plan: PerturbationPlan, seed: number): Perturbed {
  checkSameGeometry(image, mask.volume);
  checkPlan(plan);
  const shape = image.shape;
  let values = imageValues(image);
  let ind = roiIndicator(mask);
  const before = countVoxels(ind);
  if (before === 0) throw new RadiomicsError('EmptyMask', `mask: no voxel has label ${mask.label}`, { label: mask.label });

  let noiseSd: number | null = null;
  if (plan.noise !== undefined) {
    noiseSd = plan.noise.sd === 'estimate' ? estimateNoise(values, shape) : plan.noise.sd;
    values = addNoise(values, noiseSd, createRandom(deriveSeed(seed, STREAM.noise)));
  }
  const rotation = plan.rotation ?? 0;
  const translation: Vec3 = plan.translation ?? [0, 0, 0];
  if (rotation !== 0 || translation.some((t) => t !== 0)) {
    const moved = rotateTranslate(values, ind, shape, image.spacing, rotation, translation);
    values = moved.values;
    ind = moved.indicator;
  }
  let contour: AppliedPerturbation['contour'] = null;
  if (plan.contour === true && countVoxels(ind) > 0) {
    const drawn = randomiseContour(values, ind, shape, image.spacing, createRandom(deriveSeed(seed, STREAM.contour)));
    ind = drawn.indicator;
    contour = { supervoxels: drawn.supervoxels, included: drawn.included };
  }
  let volume: AppliedPerturbation['volume'] = null;
  if (plan.volume !== undefined) {
    if ('fraction' in plan.volume) {
      ind = adaptVolumeByFraction(ind, shape, plan.volume.fraction, createRandom(deriveSeed(seed, STREAM.volume)));
      volume = { fraction: plan.volume.fraction, distance: null };
    } else {
      ind = adaptVolumeByDistance(ind, shape, image.spacing, plan.volume.distance);
      volume = { fraction: null, distance: plan.volume.distance };
    }
  }
  const after = countVoxels(ind);
  if (after === 0) throw new RadiomicsError('EmptyMask', 'the perturbation removed every ROI voxel (rotation out of the image, or a shrinking larger than the ROI)', { plan });
  const geometry = { shape, spacing: image.spacing, origin: image.origin, direction: image.direction };
  return {
    image: createVolume({ data: Float32Array.from(values), ...geometry }),
    mask: { volume: createVolume({ data: ind, ...geometry }), label: 1 },
    applied: { rotation, translation, noiseSd, contour, volume, roiVoxels: [before, after] },
  };
}

/** Ranges from which drawPlans draws (Zwanenburg et al. 2019). */
export const PERTURBATION_RANGES = Object.freeze({
  /** Degrees, uniform. */
  rotation: Object.freeze([-15, 15] as const),
  /** Voxels per axis, one of these. */
  translation: Object.freeze([0, 0.25, 0.5, 0.75] as const),
  /** Volume fraction, uniform. */
  volumeFraction: Object.freeze([-0.2, 0.2] as const),
});

/**
 * `repeats` random plans combining the given perturbations (e.g. ['N', 'T', 'V', 'C']), drawn from the
 * seed within PERTURBATION_RANGES; noise always uses the estimated level. Same seed, same plans.
 */
export function drawPlans(kinds: readonly PerturbationKind[], repeats: number, seed: number): PerturbationPlan[] {
  for (const k of kinds) {
    if (!(PERTURBATION_KINDS as readonly string[]).includes(k)) throw new RadiomicsError('InvalidArgument', `unknown perturbation "${k}"; perturbations: ${PERTURBATION_KINDS.join(', ')} (N noise, R rotation, T translation, C contour randomisation, V volume adaptation)`, { kind: k });
  }
  if (!Number.isInteger(repeats) || repeats < 1) throw new RadiomicsError('InvalidArgument', `repeats must be a positive integer, got ${repeats}`, { repeats });
  const rng = createRandom(seed);
  const plans: PerturbationPlan[] = [];
  const r = PERTURBATION_RANGES;
  for (let i = 0; i < repeats; i++) {
    // Draw every value in a fixed order whatever the kinds, so a plan's parts do not depend on the others.
    const rotation = r.rotation[0] + (r.rotation[1] - r.rotation[0]) * rng.uniform();
    const translation: Vec3 = [0, 1, 2].map(() => r.translation[rng.integer(r.translation.length)]) as unknown as Vec3;
    const fraction = r.volumeFraction[0] + (r.volumeFraction[1] - r.volumeFraction[0]) * rng.uniform();
    plans.push({
      ...(kinds.includes('R') ? { rotation } : {}),
      ...(kinds.includes('T') ? { translation } : {}),
      ...(kinds.includes('N') ? { noise: { sd: 'estimate' as const } } : {}),
      ...(kinds.includes('V') ? { volume: { fraction } } : {}),
      ...(kinds.includes('C') ? { contour: true } : {}),
    });
  }
  return plans;
}

function checkPlan(plan: PerturbationPlan): void {
  const bad = (what: string, value: unknown): never => { throw new RadiomicsError('InvalidArgument', `perturbation plan: ${what}, got ${JSON.stringify(value)}`, { plan }); };
  if (plan.rotation !== undefined && !Number.isFinite(plan.rotation)) bad('rotation must be a finite number of degrees', plan.rotation);
  if (plan.translation !== undefined && (plan.translation.length !== 3 || plan.translation.some((t) => !Number.isFinite(t)))) bad('translation must be 3 finite numbers (voxels)', plan.translation);
  if (plan.noise !== undefined && plan.noise.sd !== 'estimate' && !(plan.noise.sd >= 0 && Number.isFinite(plan.noise.sd))) bad('noise sd must be "estimate" or a finite number >= 0', plan.noise.sd);
}
