/**
 * ComBat harmonisation of features across batches (scanners, sites, protocols):
 *   Johnson WE, Li C, Rabinovic A. Adjusting batch effects in microarray expression data using empirical
 *     Bayes methods. Biostatistics 2007;8:118-127.
 *   Fortin J-P et al. Harmonization of multi-site diffusion tensor imaging data. NeuroImage 2017;161:149-170;
 *     Fortin J-P et al. Harmonization of cortical thickness measurements across scanners and sites.
 *     NeuroImage 2018;167:104-120 (neuroCombat, whose steps and defaults this file follows).
 * docs/harmonisation.md writes the model out; in short, for feature g, sample j of batch i:
 *   y_ijg = alpha_g + x_ij^T beta_g + gamma_ig + delta_ig eps_ijg,   eps ~ N(0, sigma_g^2)
 *   1. OLS of y on [batch indicators | covariates] -> B; alpha_g = sum_i (n_i/n) B_ig (or B_ref,g with a
 *      reference batch); sigma_g^2 = mean over samples (over the reference batch) of the squared residuals.
 *   2. standardise z_ijg = (y_ijg - alpha_g - x_ij^T beta_g) / sigma_g.
 *   3. gamma_hat_ig = mean_j z_ijg, delta_hat_ig^2 = var_j z_ijg (n_i - 1 denominator; 1 with mean-only).
 *   4. empirical Bayes (parametric): gamma_ig ~ N(gamma_bar_i, tau_i^2), delta_ig^2 ~ InvGamma(a_i, b_i) with
 *      moments over features; iterate gamma* = (n_i tau^2 gamma_hat + delta*^2 gamma_bar) / (n_i tau^2 + delta*^2),
 *      delta*^2 = (b + sum_j (z - gamma*)^2 / 2) / (n_i/2 + a - 1) until the largest relative change < 1e-4.
 *      Mean only: gamma* = (tau^2 gamma_hat + gamma_bar) / (tau^2 + 1), as sva and neuroCombat (weight 1, not n_i).
 *      Non-parametric: gamma*, delta*^2 are averages of the other features' (gamma_hat, delta_hat^2) weighted by
 *      the likelihood of this feature's z under them. No-EB: gamma* = gamma_hat, delta* = delta_hat.
 *   5. y*_ijg = sigma_g (z_ijg - gamma*_ig) / delta*_ig + alpha_g + x_ij^T beta_g. Reference-batch samples are
 *      returned unchanged (gamma* = 0, delta* = 1 for that batch).
 * Deviations from sva::ComBat and neuroCombat (docs/harmonisation.md gives each one's size on a reference table;
 * test/robustness/combat.sva.test.ts holds every mode within 1e-9 SD of sva), for robustness of the numerics:
 *   - the stopping rule divides by |old value| (they divide by the signed value);
 *   - the non-parametric likelihoods are summed in log space (sva and neuroCombat multiply densities, which
 *     underflows to 0/0 for batches of more than a few hundred samples);
 *   - features with zero variance within a batch (zero pooled variance with mean-only) are not adjusted but
 *     returned unchanged and listed in `model.passedThrough` (sva's ComBat does the same; neuroCombat
 *     replaces a zero pooled variance by a constant and divides by a zero delta);
 *   - a batch with one sample is an error (SingleSampleBatch) unless mean-only, where no variance is needed
 *     (sva switches to mean-only by itself).
 * The fitted model is plain JSON (version-tagged) and applies to new samples of the fitted batches:
 * fit-and-transform is defined as fit, then apply, so the two agree bit for bit.
 */
import { RadiomicsError } from '../errors.js';
import { leastSquares } from './linalg.js';

export const COMBAT_MODEL_VERSION = 1;

export type CombatCovariate =
  | { readonly name: string; readonly kind: 'categorical'; readonly values: readonly string[] }
  | { readonly name: string; readonly kind: 'continuous'; readonly values: readonly number[] };

/** Samples x features, with the batch of each sample and covariates whose effects are preserved. */
export interface CombatData {
  /** Feature names, p. */
  readonly features: readonly string[];
  /** n x p, sample-major (sample i, feature j at i * p + j). */
  readonly values: Float64Array;
  /** Batch label of each sample, n. */
  readonly batch: readonly string[];
  readonly covariates?: readonly CombatCovariate[];
}

export interface CombatOptions {
  /** Parametric empirical Bayes priors (default true); false: the non-parametric prior (slower, p^2 n). */
  readonly parametric?: boolean;
  /** Shrink batch estimates by empirical Bayes (default true); false: the per-batch estimates as they are. */
  readonly eb?: boolean;
  /** Adjust location only, not scale (default false). Needed when a batch has one sample. */
  readonly meanOnly?: boolean;
  /** Batch left unchanged; the others are mapped onto it (default null: onto the pooled mean and variance). */
  readonly refBatch?: string | null;
  /** Convergence tolerance of the parametric iteration: largest relative change (default 1e-4, neuroCombat). */
  readonly tolerance?: number;
  /** Iteration cap of the parametric iteration (default 1000). */
  readonly maxIterations?: number;
}

export type CombatCovariateSpec = { readonly name: string; readonly kind: 'categorical'; readonly levels: readonly string[] } | { readonly name: string; readonly kind: 'continuous' };

export interface CombatModel {
  readonly format: 'radiomics-combat';
  readonly version: number;
  readonly options: { readonly parametric: boolean; readonly eb: boolean; readonly meanOnly: boolean; readonly refBatch: string | null };
  readonly features: readonly string[];
  /** Features returned unchanged (zero variance within a batch, or zero pooled variance). */
  readonly passedThrough: readonly string[];
  readonly batches: readonly string[];
  readonly samplesPerBatch: readonly number[];
  readonly covariates: readonly CombatCovariateSpec[];
  /** Names of the covariate design columns (categorical: one indicator per level but the first). */
  readonly designColumns: readonly string[];
  /** Per feature (null where passed through). */
  readonly grandMean: readonly (number | null)[];
  readonly varPooled: readonly (number | null)[];
  /** [design column][feature]. */
  readonly beta: readonly (readonly (number | null)[])[];
  /** [batch][feature]: the EB estimates used to adjust, and the per-batch estimates before shrinkage. */
  readonly gammaStar: readonly (readonly (number | null)[])[];
  readonly deltaStar: readonly (readonly (number | null)[])[];
  readonly gammaHat: readonly (readonly (number | null)[])[];
  readonly deltaHat: readonly (readonly (number | null)[])[];
}

export interface CombatFit {
  readonly model: CombatModel;
  /** n x p, the harmonised values of the fitted samples (= combatApply(model, data)). */
  readonly harmonised: Float64Array;
  /** Human-readable notes (features passed through). */
  readonly warnings: readonly string[];
}

/** Fits ComBat on `data` and harmonises it. See the file comment for the model and its options. */
export function combatFit(data: CombatData, options: CombatOptions = {}): CombatFit {
  const opts = {
    parametric: options.parametric ?? true,
    eb: options.eb ?? true,
    meanOnly: options.meanOnly ?? false,
    refBatch: options.refBatch ?? null,
  };
  const tolerance = options.tolerance ?? 1e-4;
  const maxIterations = options.maxIterations ?? 1000;
  const { n, p } = checkData(data);
  const batches = [...new Set(data.batch)].sort(byCodePoint);
  const m = batches.length;
  if (m < 2) throw new RadiomicsError('InvalidArgument', `ComBat needs at least 2 batches, got ${m} (${batches.join(', ')})`, { batches });
  const batchIndex = data.batch.map((b) => batches.indexOf(b));
  const members: number[][] = batches.map(() => []);
  batchIndex.forEach((b, i) => members[b].push(i));
  const samplesPerBatch = members.map((s) => s.length);
  if (!opts.meanOnly) {
    const single = batches.filter((_, b) => samplesPerBatch[b] < 2);
    if (single.length > 0) {
      throw new RadiomicsError('SingleSampleBatch', `batch ${single.map((s) => `"${s}"`).join(', ')} has a single sample: its scale cannot be estimated`, { batches: single });
    }
  }
  const ref = opts.refBatch === null ? -1 : batches.indexOf(opts.refBatch);
  if (opts.refBatch !== null && ref < 0) throw new RadiomicsError('UnknownBatch', `reference batch "${opts.refBatch}" is not among the batches (${batches.join(', ')})`, { refBatch: opts.refBatch, batches });

  const covariates = covariateSpecs(data.covariates ?? []);
  const designColumns = covariates.flatMap(columnNames);
  const qc = designColumns.length;
  const q = m + qc;
  const covDesign = covariateDesign(covariates, data.covariates ?? [], n, 'fit');
  const x = new Float64Array(n * q);
  for (let i = 0; i < n; i++) {
    x[i * q + batchIndex[i]] = 1;
    for (let c = 0; c < qc; c++) x[i * q + m + c] = covDesign[i * qc + c];
  }

  // 1. Least squares on all features (column-wise independent, so dropping features later is harmless).
  const bHat = leastSquares(x, n, q, data.values, p, [...batches.map((b) => `batch=${b}`), ...designColumns]);
  const grandMean = new Float64Array(p);
  for (let b = 0; b < m; b++) {
    const w = ref >= 0 ? (b === ref ? 1 : 0) : samplesPerBatch[b] / n;
    if (w !== 0) for (let f = 0; f < p; f++) grandMean[f] += w * bHat[b * p + f];
  }
  const varPooled = new Float64Array(p);
  const poolOver = ref >= 0 ? members[ref] : members.flat();
  for (const i of poolOver) {
    for (let f = 0; f < p; f++) {
      let fit = 0;
      for (let c = 0; c < q; c++) fit += x[i * q + c] * bHat[c * p + f];
      varPooled[f] += (data.values[i * p + f] - fit) ** 2 / poolOver.length;
    }
  }

  // Which features are adjusted: positive pooled variance, and (unless mean-only) positive variance in every batch.
  const adjusted = new Array<boolean>(p).fill(true);
  for (let f = 0; f < p; f++) {
    if (!(varPooled[f] > 0)) adjusted[f] = false;
    else if (!opts.meanOnly) {
      for (let b = 0; b < m && adjusted[f]; b++) if (sampleVariance(members[b].map((i) => data.values[i * p + f])) === 0) adjusted[f] = false;
    }
  }
  const active: number[] = [];
  for (let f = 0; f < p; f++) if (adjusted[f]) active.push(f);
  const passedThrough = data.features.filter((_, f) => !adjusted[f]);
  const warnings = passedThrough.length === 0 ? [] : [`${passedThrough.length} feature(s) with zero variance ${opts.meanOnly ? 'overall' : 'within a batch'} returned unchanged: ${passedThrough.slice(0, 10).join(', ')}${passedThrough.length > 10 ? ', ...' : ''}`];

  // 2. Standardise.
  const z = (i: number, f: number): number => {
    let mean = grandMean[f];
    for (let c = 0; c < qc; c++) mean += covDesign[i * qc + c] * bHat[(m + c) * p + f];
    return (data.values[i * p + f] - mean) / Math.sqrt(varPooled[f]);
  };
  // 3. Per-batch location and scale.
  const gammaHat = batches.map(() => new Float64Array(p));
  const deltaHat = batches.map(() => new Float64Array(p).fill(1));
  const zs = batches.map((_, b) => active.map((f) => members[b].map((i) => z(i, f))));
  for (let b = 0; b < m; b++) {
    active.forEach((f, a) => {
      const v = zs[b][a];
      gammaHat[b][f] = mean(v);
      if (!opts.meanOnly) deltaHat[b][f] = sampleVariance(v);
    });
  }
  // 4. Shrinkage.
  const gammaStar = gammaHat.map((g) => Float64Array.from(g));
  const deltaStar = deltaHat.map((d) => Float64Array.from(d));
  if (opts.eb && active.length > 0) {
    if (active.length < 2) throw new RadiomicsError('InvalidArgument', 'empirical Bayes ComBat needs at least 2 adjustable features (its priors are moments over features); use eb: false (--no-eb)', { features: active.length });
    for (let b = 0; b < m; b++) {
      if (b === ref) continue;
      const gh = active.map((f) => gammaHat[b][f]);
      const dh = active.map((f) => deltaHat[b][f]);
      const est = !opts.parametric ? nonParametricPosterior(zs[b], gh, dh, opts.meanOnly) : opts.meanOnly ? meanOnlyPosterior(gh) : parametricPosterior(zs[b], gh, dh, tolerance, maxIterations);
      active.forEach((f, a) => {
        gammaStar[b][f] = est.gamma[a];
        deltaStar[b][f] = est.delta[a];
      });
    }
  }
  if (ref >= 0) { gammaStar[ref].fill(0); deltaStar[ref].fill(1); }

  const perFeature = (arr: Float64Array): (number | null)[] => Array.from(arr, (v, f) => (adjusted[f] ? v : null));
  const model: CombatModel = {
    format: 'radiomics-combat',
    version: COMBAT_MODEL_VERSION,
    options: opts,
    features: [...data.features],
    passedThrough,
    batches,
    samplesPerBatch,
    covariates,
    designColumns,
    grandMean: perFeature(grandMean),
    varPooled: perFeature(varPooled),
    beta: designColumns.map((_, c) => perFeature(bHat.subarray((m + c) * p, (m + c + 1) * p))),
    gammaStar: gammaStar.map(perFeature),
    deltaStar: deltaStar.map(perFeature),
    gammaHat: gammaHat.map(perFeature),
    deltaHat: deltaHat.map((d) => perFeature(opts.meanOnly ? new Float64Array(p).fill(1) : d)),
  };
  return { model, harmonised: combatApply(model, data), warnings };
}

/**
 * Harmonises samples of batches the model was fitted on: y* = sigma (z - gamma*) / delta* + alpha + x^T beta.
 * Features are matched by name (data may order them differently; each model feature must be present).
 * Unknown batches or categorical levels are UnknownBatch. Returns n x p in the order of `data.features`.
 */
export function combatApply(model: CombatModel, data: CombatData): Float64Array {
  const { n, p } = checkData(data);
  const column = new Map(data.features.map((f, j) => [f, j]));
  const missing = model.features.filter((f) => !column.has(f));
  if (missing.length > 0) throw new RadiomicsError('InvalidArgument', `the data lack ${missing.length} feature(s) of the model: ${missing.slice(0, 5).join(', ')}`, { missing });
  const ref = model.options.refBatch === null ? -1 : model.batches.indexOf(model.options.refBatch);
  const qc = model.designColumns.length;
  const design = covariateDesign(model.covariates, data.covariates ?? [], n, 'apply');
  const out = Float64Array.from(data.values);
  for (let i = 0; i < n; i++) {
    const b = model.batches.indexOf(data.batch[i]);
    if (b < 0) throw new RadiomicsError('UnknownBatch', `sample ${i} belongs to batch "${data.batch[i]}", which the model was not fitted on (batches: ${model.batches.join(', ')})`, { sample: i, batch: data.batch[i], batches: [...model.batches] });
    if (b === ref) continue;
    model.features.forEach((name, f) => {
      const alpha = model.grandMean[f];
      if (alpha === null) return;
      const j = column.get(name) as number;
      let stand = alpha;
      for (let c = 0; c < qc; c++) stand += design[i * qc + c] * (model.beta[c][f] as number);
      const sd = Math.sqrt(model.varPooled[f] as number);
      const zz = (data.values[i * p + j] - stand) / sd;
      out[i * p + j] = (sd * (zz - (model.gammaStar[b][f] as number))) / Math.sqrt(model.deltaStar[b][f] as number) + stand;
    });
  }
  return out;
}

/** Checks a parsed JSON value is a ComBat model of this version (InvalidModel otherwise). */
export function parseCombatModel(value: unknown): CombatModel {
  const bad = (why: string): never => { throw new RadiomicsError('InvalidModel', `not a ComBat model: ${why}`, {}); };
  if (typeof value !== 'object' || value === null) bad('not a JSON object');
  const v = value as Record<string, unknown>;
  if (v.format !== 'radiomics-combat') bad(`format is ${JSON.stringify(v.format)}, expected "radiomics-combat"`);
  if (v.version !== COMBAT_MODEL_VERSION) bad(`version ${JSON.stringify(v.version)}; this build reads version ${COMBAT_MODEL_VERSION}`);
  for (const key of ['features', 'batches', 'grandMean', 'varPooled', 'beta', 'gammaStar', 'deltaStar', 'covariates', 'designColumns', 'passedThrough']) {
    if (!Array.isArray(v[key])) bad(`"${key}" is missing or not an array`);
  }
  const p = (v.features as unknown[]).length;
  const m = (v.batches as unknown[]).length;
  if ((v.grandMean as unknown[]).length !== p || (v.varPooled as unknown[]).length !== p) bad('per-feature arrays do not match the feature count');
  if ((v.gammaStar as unknown[][]).length !== m || (v.gammaStar as unknown[][]).some((g) => !Array.isArray(g) || g.length !== p)) bad('gammaStar is not batches x features');
  if ((v.deltaStar as unknown[][]).length !== m || (v.deltaStar as unknown[][]).some((g) => !Array.isArray(g) || g.length !== p)) bad('deltaStar is not batches x features');
  if ((v.beta as unknown[][]).length !== (v.designColumns as unknown[]).length) bad('beta does not match designColumns');
  const o = v.options as Record<string, unknown> | undefined;
  if (typeof o !== 'object' || o === null || typeof o.meanOnly !== 'boolean' || !(o.refBatch === null || typeof o.refBatch === 'string')) bad('options are malformed');
  return value as CombatModel;
}

function checkData(data: CombatData): { n: number; p: number } {
  const n = data.batch.length;
  const p = data.features.length;
  if (p === 0 || n === 0 || data.values.length !== n * p) {
    throw new RadiomicsError('InvalidArgument', `ComBat data must be n x p with n = batch.length (${n}) and p = features.length (${p}); got ${data.values.length} values`, { n, p });
  }
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < p; f++) {
      if (!Number.isFinite(data.values[i * p + f])) {
        throw new RadiomicsError('MissingValues', `feature "${data.features[f]}" of sample ${i} is missing or not finite; ComBat needs complete data (drop or impute the feature first)`, { feature: data.features[f], sample: i });
      }
    }
  }
  for (const c of data.covariates ?? []) {
    if (c.values.length !== n) throw new RadiomicsError('InvalidArgument', `covariate "${c.name}" has ${c.values.length} values for ${n} samples`, { covariate: c.name });
  }
  return { n, p };
}

function covariateSpecs(covariates: readonly CombatCovariate[]): CombatCovariateSpec[] {
  return covariates.map((c) => (c.kind === 'categorical' ? { name: c.name, kind: 'categorical', levels: [...new Set(c.values)].sort(byCodePoint) } : { name: c.name, kind: 'continuous' }));
}

/** Design column names: categorical `name=level` for every level but the first (the baseline); continuous `name`. */
function columnNames(c: CombatCovariateSpec): string[] {
  return c.kind === 'categorical' ? c.levels.slice(1).map((l) => `${c.name}=${l}`) : [c.name];
}

/** n x (covariate columns) design values, by the model's specs (levels fixed at fit time). */
function covariateDesign(specs: readonly CombatCovariateSpec[], given: readonly CombatCovariate[], n: number, stage: 'fit' | 'apply'): Float64Array {
  const qc = specs.reduce((s, c) => s + columnNames(c).length, 0);
  const out = new Float64Array(n * qc);
  let col = 0;
  for (const spec of specs) {
    const cov = given.find((g) => g.name === spec.name);
    if (cov === undefined) throw new RadiomicsError('InvalidArgument', `covariate "${spec.name}" is missing from the data (the model was fitted with it)`, { covariate: spec.name });
    if (cov.kind !== spec.kind) throw new RadiomicsError('InvalidArgument', `covariate "${spec.name}" is ${cov.kind} here but ${spec.kind} in the model`, { covariate: spec.name });
    if (spec.kind === 'categorical') {
      for (let i = 0; i < n; i++) {
        const level = (cov.values as readonly string[])[i];
        const k = spec.levels.indexOf(level);
        if (k < 0) throw new RadiomicsError('UnknownBatch', `covariate "${spec.name}" of sample ${i} has level "${level}", which the model was not fitted on (levels: ${spec.levels.join(', ')})`, { covariate: spec.name, level, stage });
        if (k > 0) out[i * qc + col + k - 1] = 1;
      }
      col += spec.levels.length - 1;
    } else {
      for (let i = 0; i < n; i++) {
        const v = (cov.values as readonly number[])[i];
        if (!Number.isFinite(v)) throw new RadiomicsError('MissingValues', `continuous covariate "${spec.name}" of sample ${i} is missing or not a number`, { covariate: spec.name, sample: i });
        out[i * qc + col] = v;
      }
      col += 1;
    }
  }
  return out;
}

/**
 * Parametric EB with mean only, as sva::ComBat(mean.only = TRUE) and neuroCombat(mean_only = True) compute it:
 * their postmean(gamma_hat, gamma_bar, n = 1, delta* = 1, tau^2) = (tau^2 gamma_hat + gamma_bar) / (tau^2 + 1),
 * in one step. The posterior mean of the model itself would weight gamma_hat by the batch size n_i
 * ((n_i tau^2 gamma_hat + gamma_bar) / (n_i tau^2 + 1), which this file used before); with weight 1 a batch's
 * estimate is shrunk towards gamma_bar as if it rested on one sample, more strongly than the model implies.
 * The reference implementations are followed so that published harmonised cohorts can be reproduced.
 */
function meanOnlyPosterior(gh: readonly number[]): { gamma: number[]; delta: number[] } {
  const gBar = mean(gh);
  const t2 = sampleVariance(gh);
  return { gamma: gh.map((g) => (t2 * g + gBar) / (t2 + 1)), delta: gh.map(() => 1) };
}

/** Parametric EB (Johnson et al. 2007, neuroCombat it_sol): normal prior on gamma, inverse gamma on delta^2. */
function parametricPosterior(z: readonly (readonly number[])[], gh: readonly number[], dh: readonly number[], tolerance: number, maxIterations: number): { gamma: number[]; delta: number[] } {
  const gBar = mean(gh);
  const t2 = sampleVariance(gh);
  const dMean = mean(dh);
  const s2 = sampleVariance(dh);
  const aPrior = (2 * s2 + dMean ** 2) / s2;
  const bPrior = (dMean * s2 + dMean ** 3) / s2;
  // All features iterate together until the largest relative change over features is below the tolerance
  // (as neuroCombat and sva do; they divide by the signed old value, which lets a negative gamma end the
  // iteration early; the absolute value is used here).
  const pa = gh.length;
  let gOld = [...gh];
  let dOld = [...dh];
  for (let it = 0; it < maxIterations; it++) {
    const gNew = new Array<number>(pa);
    const dNew = new Array<number>(pa).fill(1);
    let change = 0;
    for (let f = 0; f < pa; f++) {
      const v = z[f];
      const nb = v.length;
      gNew[f] = (t2 * nb * gh[f] + dOld[f] * gBar) / (t2 * nb + dOld[f]);
      if (s2 === 0) dNew[f] = dMean; // all batch variances equal: the prior is a point mass there
      else {
        let sum2 = 0;
        for (const zi of v) sum2 += (zi - gNew[f]) ** 2;
        dNew[f] = (0.5 * sum2 + bPrior) / (nb / 2 + aPrior - 1);
      }
      change = Math.max(change, relativeChange(gNew[f], gOld[f]), relativeChange(dNew[f], dOld[f]));
    }
    gOld = gNew;
    dOld = dNew;
    if (!(change > tolerance)) break;
  }
  const gamma = gOld;
  const delta = dOld;
  return { gamma, delta };
}

/**
 * Non-parametric EB (neuroCombat int_eprior): for feature f, weights w_g = prod_j N(z_jf; gamma_hat_g, delta_hat_g)
 * over the other features g != f; gamma* = sum w_g gamma_hat_g / sum w_g, delta* likewise. Log-space weights.
 */
function nonParametricPosterior(z: readonly (readonly number[])[], gh: readonly number[], dh: readonly number[], meanOnly: boolean): { gamma: number[]; delta: number[] } {
  const pa = gh.length;
  const gamma = new Array<number>(pa);
  const delta = new Array<number>(pa);
  const logw = new Float64Array(pa);
  for (let f = 0; f < pa; f++) {
    const v = z[f];
    const nb = v.length;
    let max = -Infinity;
    for (let g = 0; g < pa; g++) {
      if (g === f) continue;
      const d = meanOnly ? 1 : dh[g];
      let sum2 = 0;
      for (const zi of v) sum2 += (zi - gh[g]) ** 2;
      logw[g] = -0.5 * nb * Math.log(2 * Math.PI * d) - sum2 / (2 * d);
      if (logw[g] > max) max = logw[g];
    }
    let sw = 0;
    let sg = 0;
    let sd = 0;
    for (let g = 0; g < pa; g++) {
      if (g === f) continue;
      const w = Math.exp(logw[g] - max);
      sw += w;
      sg += w * gh[g];
      sd += w * (meanOnly ? 1 : dh[g]);
    }
    gamma[f] = sg / sw;
    delta[f] = meanOnly ? 1 : sd / sw;
  }
  return { gamma, delta };
}

function relativeChange(now: number, before: number): number {
  return before === 0 ? Math.abs(now - before) : Math.abs(now - before) / Math.abs(before);
}

function mean(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

/** Variance with the n - 1 denominator (0 for fewer than 2 values). */
function sampleVariance(v: readonly number[]): number {
  if (v.length < 2) return 0;
  const mu = mean(v);
  let s = 0;
  for (const x of v) s += (x - mu) ** 2;
  return s / (v.length - 1);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
