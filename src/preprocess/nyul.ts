/**
 * Nyul-Udupa histogram standardisation (Nyul & Udupa, Magn Reson Med 1999;42:1072-1081; Nyul, Udupa &
 * Zhang, IEEE Trans Med Imaging 2000;19:143-150): maps each image's intensity landmarks onto standard
 * positions learnt from a training set, so that the same tissue gets similar intensities across scans.
 *
 * Landmarks are percentiles of the intensities in a region (type 7, see normalise.ts): p_1 < ... < p_L,
 * the first and last being the ends of the "intensity of interest" range (default 1 and 99, with the
 * deciles in between: the decile configuration of the 2000 paper).
 * Fit (training):  for each image i with landmark intensities mu_i1 < ... < mu_iL, map [mu_i1, mu_iL]
 *   linearly onto the standard scale [s1, s2]: mu'_ik = s1 + (mu_ik - mu_i1) / (mu_iL - mu_i1) (s2 - s1);
 *   the model's landmarks are the means over images, m_k = mean_i mu'_ik (so m_1 = s1, m_L = s2).
 * Apply: piecewise-linear map of the image's own landmarks mu_k onto m_k; below mu_1 and above mu_L the
 *   first and last segments are extended (linear extrapolation), as in the papers' mapping of [m1, mu_1]
 *   and [mu_L, m2].
 * The model is a plain JSON object { kind: 'nyul', version: 1, percentiles, landmarks }: fit on a
 * training cohort, store, and apply the same model to validation scans (parseNyulModel checks one read
 * back from JSON or a config file). The standard scale is implied: [landmarks[0], landmarks[L - 1]].
 * Deviation from the papers: they discard intensities above the 99.8th percentile before the fit and
 * round the standard landmarks; here every region voxel counts, landmarks are type-7 percentiles, and
 * nothing is rounded (the mapping stays exactly invertible and a X + b scans map identically).
 */
import { RadiomicsError } from '../errors.js';
import { createVolume, type Volume } from '../image/volume.js';
import { percentileSorted, sortedRegionValues } from './normalise.js';

/** A fitted model: a plain object that survives JSON.stringify / JSON.parse (check with parseNyulModel). */
export interface NyulModel {
  readonly kind: 'nyul';
  /** Format version of this object. */
  readonly version: 1;
  /** Landmark percentiles in [0, 100], strictly increasing; the first and last are the range ends. */
  readonly percentiles: readonly number[];
  /**
   * Standard-scale intensity of each landmark (mean over the training images), strictly increasing;
   * the first and last are the ends of the standard scale [s1, s2].
   */
  readonly landmarks: readonly number[];
}

export interface NyulFitOptions {
  /** Landmark percentiles, strictly increasing in [0, 100], at least 2. Default [1, 10, 20, ..., 90, 99]. */
  readonly percentiles?: readonly number[];
  /** Standard scale [s1, s2], s1 < s2. Default [0, 100]. */
  readonly scale?: readonly [number, number];
}

export interface NyulSample {
  readonly volume: Volume;
  /** Region over the whole grid (nonzero = in the region) whose intensities give the landmarks. */
  readonly region: Uint8Array;
}

export const NYUL_DEFAULT_PERCENTILES: readonly number[] = Object.freeze([1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99]);
export const NYUL_DEFAULT_SCALE: readonly [number, number] = Object.freeze([0, 100]) as readonly [number, number];

/**
 * Learns a NyulModel from training images (see the file comment). Throws InvalidArgument for bad
 * options or samples, and when an image's landmarks are not strictly increasing (too few distinct
 * intensities in its region), naming the sample and the percentiles.
 */
export function fitNyul(samples: readonly NyulSample[], options: NyulFitOptions = {}): NyulModel {
  const fn = 'fitNyul';
  if (typeof options !== 'object' || options === null) throw invalid('InvalidArgument', fn, 'options', `must be an object, got ${JSON.stringify(options)}`);
  const percentiles = checkPercentiles(options.percentiles ?? NYUL_DEFAULT_PERCENTILES, 'percentiles', fn, 'InvalidArgument');
  const scale = checkScale(options.scale ?? NYUL_DEFAULT_SCALE, 'scale', fn, 'InvalidArgument');
  if (!Array.isArray(samples) || samples.length === 0) throw invalid('InvalidArgument', fn, 'samples', 'must be a non-empty array of { volume, region }');
  const L = percentiles.length;
  const sums = new Float64Array(L);
  samples.forEach((sample, i) => {
    if (typeof sample !== 'object' || sample === null) throw invalid('InvalidArgument', fn, `samples[${i}]`, 'must be { volume, region }');
    const mu = landmarksOf(`${fn}: samples[${i}]`, sample.volume, sample.region, percentiles);
    const span = mu[L - 1] - mu[0];
    for (let k = 0; k < L; k++) sums[k] += scale[0] + ((mu[k] - mu[0]) / span) * (scale[1] - scale[0]);
  });
  const landmarks = Array.from(sums, (s) => s / samples.length);
  landmarks[0] = scale[0];
  landmarks[L - 1] = scale[1];
  return { kind: 'nyul', version: 1, percentiles, landmarks };
}

/**
 * Standardises a volume with a model: its region's landmarks map piecewise-linearly onto the model's
 * standard landmarks, extrapolating the end segments. Every voxel is mapped (in Float64); the result is Float32.
 * Throws InvalidConfig for a malformed model and InvalidArgument when the image's landmarks are not
 * strictly increasing.
 */
export function applyNyul(volume: Volume, region: Uint8Array, model: NyulModel): Volume<Float32Array> {
  const m = parseNyulModel(model);
  const mu = landmarksOf('applyNyul', volume, region, m.percentiles);
  const s = m.landmarks;
  const L = mu.length;
  // Per segment k (between landmarks k and k+1): y = s_k + (x - mu_k) slope_k.
  const slope = new Float64Array(L - 1);
  for (let k = 0; k < L - 1; k++) slope[k] = (s[k + 1] - s[k]) / (mu[k + 1] - mu[k]);
  const [nx, ny, nz] = volume.shape;
  const out = new Float32Array(nx * ny * nz);
  const a = volume.voxels;
  const dense = a.offset === 0 && a.stride[0] === 1 && a.stride[1] === nx && a.stride[2] === nx * ny && a.data.length === out.length;
  for (let z = 0, i = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        const v = dense ? (a.data[i] as number) : a.get(x, y, z);
        // Segment by binary search over the interior landmarks; ends extend the first / last segment.
        let lo = 0;
        let hi = L - 2;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (v >= mu[mid]) lo = mid;
          else hi = mid - 1;
        }
        out[i] = s[lo] + (v - mu[lo]) * slope[lo];
      }
  return createVolume({ data: out, shape: volume.shape, spacing: volume.spacing, origin: volume.origin, direction: volume.direction });
}

/**
 * Checks that a value (e.g. read from JSON or a config file) is a NyulModel and returns it as one.
 * Throws InvalidConfig naming the offending field; unknown fields are rejected too.
 */
export function parseNyulModel(value: unknown): NyulModel {
  const fn = 'parseNyulModel';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('InvalidConfig', fn, 'model', `must be the object fitNyul returns, got ${JSON.stringify(value)}`);
  const o = value as Record<string, unknown>;
  const known = ['kind', 'version', 'percentiles', 'landmarks'];
  for (const k of Object.keys(o)) if (!known.includes(k)) throw invalid('InvalidConfig', fn, `model.${k}`, `is not a field of a Nyul model (fields: ${known.join(', ')})`);
  if (o.kind !== 'nyul') throw invalid('InvalidConfig', fn, 'model.kind', `must be 'nyul', got ${JSON.stringify(o.kind)}`);
  if (o.version !== 1) throw invalid('InvalidConfig', fn, 'model.version', `must be 1 (the only format so far), got ${JSON.stringify(o.version)}`);
  const percentiles = checkPercentiles(o.percentiles, 'model.percentiles', fn, 'InvalidConfig');
  const s = o.landmarks;
  const okValues = Array.isArray(s) && s.length === percentiles.length && s.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!okValues) throw invalid('InvalidConfig', fn, 'model.landmarks', `must be ${percentiles.length} finite numbers (one per percentile), got ${JSON.stringify(s)}`);
  const landmarks = s as number[];
  for (let k = 1; k < landmarks.length; k++) {
    if (!(landmarks[k] > landmarks[k - 1])) throw invalid('InvalidConfig', fn, 'model.landmarks', `must be strictly increasing, got ${JSON.stringify(landmarks)}`);
  }
  return { kind: 'nyul', version: 1, percentiles, landmarks: [...landmarks] };
}

/** The region's intensities at the landmark percentiles; must be strictly increasing. */
function landmarksOf(where: string, volume: Volume, region: Uint8Array, percentiles: readonly number[]): Float64Array {
  const sorted = sortedRegionValues(where, volume, region);
  const mu = Float64Array.from(percentiles, (p) => percentileSorted(sorted, p));
  for (let k = 1; k < mu.length; k++) {
    if (!(mu[k] > mu[k - 1])) {
      throw new RadiomicsError(
        'InvalidArgument',
        `${where}: percentiles P${percentiles[k - 1]} and P${percentiles[k]} of the region are both ${mu[k]}; histogram standardisation needs strictly increasing landmarks (a region with more distinct intensities, or fewer landmarks)`,
        { key: 'region', percentiles: [percentiles[k - 1], percentiles[k]], value: mu[k] },
      );
    }
  }
  return mu;
}

function checkPercentiles(value: unknown, key: string, fn: string, code: 'InvalidArgument' | 'InvalidConfig'): number[] {
  const ok = Array.isArray(value) && value.length >= 2 && value.every((p) => typeof p === 'number' && p >= 0 && p <= 100);
  const strictly = ok && (value as number[]).every((p, k, a) => k === 0 || p > a[k - 1]);
  if (!strictly) throw invalid(code, fn, key, `must be at least 2 strictly increasing percentiles in [0, 100], got ${JSON.stringify(value)}`);
  return [...(value as number[])];
}

function checkScale(value: unknown, key: string, fn: string, code: 'InvalidArgument' | 'InvalidConfig'): [number, number] {
  const ok = Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v)) && value[0] < value[1];
  if (!ok) throw invalid(code, fn, key, `must be [s1, s2] with finite s1 < s2, got ${JSON.stringify(value)}`);
  return [value[0], value[1]];
}

function invalid(code: 'InvalidArgument' | 'InvalidConfig', fn: string, key: string, text: string): RadiomicsError {
  return new RadiomicsError(code, `${fn}: ${key} ${text}`, { key });
}
