/**
 * Robustness of every feature against perturbation (Zwanenburg et al., Sci Rep 2019;9:614): each case is
 * perturbed `repeats` times with random plans, every feature is extracted from every perturbed copy, and
 * per feature the agreement over subjects x perturbations is summarised by an ICC with its CI (default
 * ICC(1,1), as the paper) and the within-subject CV. A feature is robust when its ICC >= the threshold
 * (default 0.90). An ICC needs at least 2 subjects; with one case only the wCV is reported.
 */
import { extract, type ExtractResult } from '../extract.js';
import type { ConfigInput } from '../config.js';
import { RadiomicsError } from '../errors.js';
import type { Mask, Volume } from '../image/volume.js';
import { intraclassCorrelations, type IccEstimate, type IccType, type Ratings } from './agreement.js';
import { cropToRoi, imageValues } from './grid.js';
import { estimateNoise } from './noise.js';
import { drawPlans, perturb, type AppliedPerturbation, type PerturbationKind, type PerturbationPlan } from './perturb.js';
import { deriveSeed } from './random.js';

export interface RobustnessCase {
  readonly id: string;
  readonly image: Volume;
  readonly mask: Mask;
}

export interface RobustnessOptions {
  readonly perturbations: readonly PerturbationKind[];
  /** Perturbed copies per case. Default 20. Cost: one extraction each. */
  readonly repeats?: number;
  readonly seed?: number;
  readonly config?: ConfigInput;
  readonly preset?: string;
  /** Default 0.9. */
  readonly threshold?: number;
  /** Default 'ICC(1,1)'. */
  readonly icc?: IccType;
  /** Crop margin around the ROI before perturbing, mm. Default 25 (MIRP). */
  readonly marginMm?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface FeatureRobustness {
  readonly id: string;
  readonly family: string;
  readonly ibsi: string | null;
  readonly icc: IccEstimate | null;
  readonly wcv: number | null;
  /** icc.value >= threshold; null when the ICC is undefined. */
  readonly robust: boolean | null;
  /** Why the ICC is null, if it is. */
  readonly note: string | null;
}

export interface RobustnessRun {
  readonly subject: string;
  readonly repeat: number;
  readonly applied: AppliedPerturbation;
  /** Feature values in the order of `featureIds` (null when missing or undefined). */
  readonly values: readonly (number | null)[];
}

export interface RobustnessResult {
  readonly icc: IccType;
  readonly threshold: number;
  readonly featureIds: readonly string[];
  readonly features: readonly FeatureRobustness[];
  readonly runs: readonly RobustnessRun[];
  readonly warnings: readonly string[];
}

export function assessRobustness(cases: readonly RobustnessCase[], options: RobustnessOptions): RobustnessResult {
  const repeats = options.repeats ?? 20;
  const seed = options.seed ?? 0;
  const threshold = options.threshold ?? 0.9;
  const iccType = options.icc ?? 'ICC(1,1)';
  if (cases.length === 0) throw new RadiomicsError('InvalidArgument', 'assessRobustness needs at least one case', {});
  if (!(threshold >= -1 && threshold <= 1)) throw new RadiomicsError('InvalidArgument', `threshold must lie in [-1, 1], got ${threshold}`, { threshold });
  const runs: { subject: string; repeat: number; applied: AppliedPerturbation; result: ExtractResult }[] = [];
  const total = cases.length * repeats;
  cases.forEach((c, ci) => {
    const cropped = cropToRoi(c.image, c.mask, options.marginMm ?? 25);
    const plans = withNoiseEstimate(drawPlans(options.perturbations, repeats, deriveSeed(seed, ci)), cropped.image);
    plans.forEach((plan, r) => {
      const p = perturb(cropped.image, cropped.mask, plan, deriveSeed(seed, ci, r));
      const result = extract(p.image, p.mask, options.config ?? {}, { preset: options.preset, imageFile: c.id });
      runs.push({ subject: c.id, repeat: r, applied: p.applied, result });
      options.onProgress?.(runs.length, total);
    });
  });

  const featureIds: string[] = [];
  const meta = new Map<string, { family: string; ibsi: string | null }>();
  for (const run of runs) for (const f of run.result.features) if (!meta.has(f.id)) { meta.set(f.id, { family: f.family, ibsi: f.ibsi }); featureIds.push(f.id); }
  const table = runs.map((run) => {
    const byId = new Map(run.result.features.map((f) => [f.id, f.value]));
    return featureIds.map((id) => byId.get(id) ?? null);
  });
  const n = cases.length;
  const features = featureIds.map((id, f): FeatureRobustness => {
    const { family, ibsi } = meta.get(id) as { family: string; ibsi: string | null };
    const data = new Float64Array(n * repeats);
    let complete = true;
    table.forEach((row, r) => {
      const v = row[f];
      if (v === null || !Number.isFinite(v)) complete = false;
      else data[r] = v; // runs are case-major, repeat-minor: row r is subject floor(r / repeats)
    });
    if (!complete) return { id, family, ibsi, icc: null, wcv: null, robust: null, note: 'missing or undefined values in some perturbed copies' };
    const ratings: Ratings = { n, k: repeats, data };
    const wcv = withinCv(ratings);
    if (repeats < 2) return { id, family, ibsi, icc: null, wcv, robust: null, note: 'an ICC needs at least 2 repeats' };
    if (n < 2) return { id, family, ibsi, icc: null, wcv, robust: null, note: 'an ICC needs at least 2 subjects (cases)' };
    const icc = intraclassCorrelations(ratings)[iccType];
    return { id, family, ibsi, icc, wcv, robust: icc.value === null ? null : icc.value >= threshold, note: icc.value === null ? 'no variance between or within subjects' : null };
  });
  const warnings: string[] = [];
  if (n < 2) warnings.push('one case only: ICCs need at least 2 subjects, so only the within-subject CV is reported; pass a cohort for ICCs');
  return {
    icc: iccType,
    threshold,
    featureIds,
    features,
    runs: runs.map((r, k) => ({ subject: r.subject, repeat: r.repeat, applied: r.applied, values: table[k] })),
    warnings,
  };
}

/**
 * Plans whose noise SD is 'estimate' get the number itself: perturb would estimate it from the same
 * (cropped, unperturbed) image for every copy, the same value each time (~30 ms a copy on MRI brain1).
 */
function withNoiseEstimate(plans: readonly PerturbationPlan[], image: Volume): PerturbationPlan[] {
  if (!plans.some((p) => p.noise?.sd === 'estimate')) return [...plans];
  const sd = estimateNoise(imageValues(image), image.shape);
  return plans.map((p) => (p.noise?.sd === 'estimate' ? { ...p, noise: { sd } } : p));
}

/** sqrt(pooled within-subject variance) / |grand mean|, for any n >= 1, k >= 2 (null otherwise). */
function withinCv(r: Ratings): number | null {
  if (r.k < 2) return null;
  let ssw = 0;
  let sum = 0;
  for (let i = 0; i < r.n; i++) {
    let m = 0;
    for (let j = 0; j < r.k; j++) m += r.data[i * r.k + j];
    sum += m;
    m /= r.k;
    for (let j = 0; j < r.k; j++) ssw += (r.data[i * r.k + j] - m) ** 2;
  }
  const mean = sum / (r.n * r.k);
  return mean === 0 ? null : Math.sqrt(ssw / (r.n * (r.k - 1))) / Math.abs(mean);
}
