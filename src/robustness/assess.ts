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
import { createVolume, voxelData, type Mask, type Volume, type VolumeInit } from '../image/volume.js';
import type { Warning } from '../features/types.js';
import { constantFeatureWarning, intraclassCorrelations, VARIATION_NOTES, variationOf, withinSubjectCv, type IccEstimate, type IccType, type Ratings } from './agreement.js';
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
  /** icc.value >= threshold; null when the ICC is undefined (a constant feature is never robust). */
  readonly robust: boolean | null;
  /** Why the ICC is null or exact, if it is (missing values, one case, constant, perfect agreement). */
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
  /** SingleSubject (one case), ConstantFeature (one per constant feature, naming it). */
  readonly warnings: readonly Warning[];
}

export function assessRobustness(cases: readonly RobustnessCase[], options: RobustnessOptions): RobustnessResult {
  const { total, copies } = robustnessCopies(cases, options);
  const outcomes: CopyOutcome[] = [];
  for (const copy of copies) {
    outcomes.push(runRobustnessCopy(copy));
    options.onProgress?.(outcomes.length, total);
  }
  return summarise(outcomes, cases.length, options);
}

/**
 * One perturbed copy to make and extract, as plain data (structured-cloneable), so that another thread
 * can run it: the case cropped around its ROI, the plan and the seed of this copy.
 */
export interface RobustnessCopy {
  readonly subject: string;
  readonly repeat: number;
  readonly image: VolumeInit<Float32Array>;
  readonly mask: VolumeInit<Uint8Array>;
  readonly label: number;
  readonly plan: PerturbationPlan;
  readonly seed: number;
  readonly config: ConfigInput;
  readonly preset: string | undefined;
}

/** A perturbed copy's perturbation and features. */
export interface CopyOutcome {
  readonly subject: string;
  readonly repeat: number;
  readonly applied: AppliedPerturbation;
  readonly result: ExtractResult;
}

/** Perturbs and extracts one copy (what a worker thread runs). */
export function runRobustnessCopy(copy: RobustnessCopy): CopyOutcome {
  const p = perturb(createVolume(copy.image), { volume: createVolume(copy.mask), label: copy.label }, copy.plan, copy.seed);
  return { subject: copy.subject, repeat: copy.repeat, applied: p.applied, result: extract(p.image, p.mask, copy.config, { preset: copy.preset, imageFile: copy.subject }) };
}

/** Runs a copy on another thread and resolves with runRobustnessCopy's outcome there (rejects on its error). */
export type CopyRunner = (copy: RobustnessCopy) => Promise<CopyOutcome>;

/**
 * assessRobustness with the copies spread over `runners` (e.g. worker threads): each runner takes the
 * next copy when it finishes one. The same copies and the same result as assessRobustness; on failure,
 * no new copy starts and the error of the first failing copy in case / repeat order is thrown.
 */
export async function assessRobustnessOn(runners: readonly CopyRunner[], cases: readonly RobustnessCase[], options: RobustnessOptions): Promise<RobustnessResult> {
  if (runners.length === 0) throw new RadiomicsError('InvalidArgument', 'assessRobustnessOn needs at least one runner', {});
  const { total, copies } = robustnessCopies(cases, options);
  const pending = copies[Symbol.iterator]();
  const outcomes: CopyOutcome[] = new Array(total);
  let issued = 0;
  let done = 0;
  const failures: { index: number; error: unknown }[] = [];
  const drain = async (run: CopyRunner) => {
    while (failures.length === 0) {
      const next = pending.next();
      if (next.done === true) return;
      const index = issued++;
      try {
        outcomes[index] = await run(next.value);
      } catch (error) {
        failures.push({ index, error });
        return;
      }
      options.onProgress?.(++done, total);
    }
  };
  await Promise.all(runners.map(drain));
  // Copies start in order, so every copy before the first failing one has started and finished.
  if (failures.length > 0) throw failures.reduce((a, b) => (b.index < a.index ? b : a)).error;
  return summarise(outcomes, cases.length, options);
}

/**
 * The perturbed copies, case-major and repeat-minor, made one at a time (each case is cropped when its
 * first copy is asked for): plans drawn from seeds derived from `seed` and the case index, each copy
 * perturbed with a seed derived from the case index and repeat, so a copy is the same wherever it runs.
 * Checks the options first.
 */
function robustnessCopies(cases: readonly RobustnessCase[], options: RobustnessOptions): { total: number; copies: Iterable<RobustnessCopy> } {
  const repeats = options.repeats ?? 20;
  const seed = options.seed ?? 0;
  const threshold = options.threshold ?? 0.9;
  if (cases.length === 0) throw new RadiomicsError('InvalidArgument', 'assessRobustness needs at least one case', {});
  if (!(threshold >= -1 && threshold <= 1)) throw new RadiomicsError('InvalidArgument', `threshold must lie in [-1, 1], got ${threshold}`, { threshold });
  function* copies(): Generator<RobustnessCopy> {
    for (const [ci, c] of cases.entries()) {
      const cropped = cropToRoi(c.image, c.mask, options.marginMm ?? 25);
      const plans = withNoiseEstimate(drawPlans(options.perturbations, repeats, deriveSeed(seed, ci)), cropped.image);
      const image = plainVolume(cropped.image);
      const mask = plainVolume(cropped.mask.volume);
      for (const [r, plan] of plans.entries()) {
        yield { subject: c.id, repeat: r, image, mask, label: cropped.mask.label, plan, seed: deriveSeed(seed, ci, r), config: options.config ?? {}, preset: options.preset };
      }
    }
  }
  return { total: cases.length * repeats, copies: { [Symbol.iterator]: copies } };
}

function plainVolume<T extends Float32Array | Uint8Array>(v: Volume<T>): VolumeInit<T> {
  return { data: voxelData(v), shape: v.shape, spacing: v.spacing, origin: v.origin, direction: v.direction };
}

/** Per feature, the ICC with its CI and the within-subject CV over subjects x perturbed copies. */
function summarise(runs: readonly CopyOutcome[], n: number, options: RobustnessOptions): RobustnessResult {
  const repeats = options.repeats ?? 20;
  const threshold = options.threshold ?? 0.9;
  const iccType = options.icc ?? 'ICC(1,1)';
  const featureIds: string[] = [];
  const meta = new Map<string, { family: string; ibsi: string | null }>();
  for (const run of runs) for (const f of run.result.features) if (!meta.has(f.id)) { meta.set(f.id, { family: f.family, ibsi: f.ibsi }); featureIds.push(f.id); }
  const table = runs.map((run) => {
    const byId = new Map(run.result.features.map((f) => [f.id, f.value]));
    return featureIds.map((id) => byId.get(id) ?? null);
  });
  const warnings: Warning[] = [];
  if (n < 2) warnings.push({ code: 'SingleSubject', message: 'one case only: ICCs need at least 2 subjects, so only the within-subject CV is reported; pass a cohort for ICCs' });
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
    if (repeats < 2) return { id, family, ibsi, icc: null, wcv: null, robust: null, note: 'an ICC needs at least 2 repeats' };
    const ratings: Ratings = { n, k: repeats, data };
    const wcv = withinSubjectCv(ratings);
    const variation = variationOf(ratings);
    if (variation === 'constant') warnings.push(constantFeatureWarning(id, `${n} case(s) x ${repeats} perturbed copies`));
    if (n < 2) return { id, family, ibsi, icc: null, wcv, robust: null, note: VARIATION_NOTES[variation] ?? 'an ICC needs at least 2 subjects (cases)' };
    const icc = intraclassCorrelations(ratings)[iccType];
    return { id, family, ibsi, icc, wcv, robust: icc.value === null ? null : icc.value >= threshold, note: VARIATION_NOTES[variation] };
  });
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
