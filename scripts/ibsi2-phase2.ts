/**
 * IBSI 2 phase 2: intensity-based statistics of filter response maps on the IBSI CT phantom (PAT1,
 * GTV-1; fixtures/ibsi1-ct-phantom) against the reference values (fixtures/ibsi2/reference_values.csv,
 * 18 configurations 1.A-9.B x 18 features = 324 rows, 323 with a value: 8.B stat_qcod is blank). Shared by the phase-2 test and docs/ibsi-compliance.md.
 *
 * Settings: IBSI 2 manual v9, tables 6.2-6.3, as transcribed in martonkolossvary/pictologics-manuscript-bench
 * (bench/compliance/ibsi2_protocol.py and configs/compliance/ibsi2_phase2_preprocessing_{A,B}.json):
 * - A (2D): no resampling; 2D (slice-wise) filters.
 * - B (3D): resampling to 1 x 1 x 1 mm, tricubic spline, intensities rounded, mask trilinear at 0.5; 3D filters.
 * - both: re-segmentation [-1000, 400] HU on the unfiltered image; statistics over the whole 3D ROI of
 *   the response map, not discretised.
 * - filters: 1 none; 2 mean, support 5; 3 LoG sigma 1.5 mm, truncate 4; 4 Laws L5E5 (A) / L5E5E5 (B),
 *   rotation invariant (max), energy delta 7; 5 Gabor sigma 5 mm, lambda 2 mm, gamma 1.5, theta in
 *   pi/8 steps, mean pooled, in-plane (A) / averaged over the three orthogonal planes (B); 6 db3 LH (A) /
 *   LLH (B) level 1, rotation invariant (mean); 7 db3 HH (A) / HHH (B) level 2, rotation invariant
 *   (mean); 8 Simoncelli level 1; 9 Simoncelli level 2.
 * - boundary: the manual lets the implementation choose. Spatial filters (2-7) use IBSI "mirror" (scipy
 *   'reflect', half-sample symmetric). The Simoncelli filters (8, 9) use 'nearest' (extension to an
 *   FFT-friendly size, see simoncelli.ts): with 'reflect' the 8.A quartile coefficient of dispersion
 *   misses (-352 vs -441 +- 29) and 9.B median misses (0.282 vs 0.233 +- 0.046), while 'nearest',
 *   'constant' and 'wrap' match every 8.A and 9.A row and 'nearest' every 8.B / 9.B row (checked while
 *   choosing; 'nearest' is also the boundary of the Simoncelli-based phase-1 test 10.b.1).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extract, type ConfigInput, type ExtractResult } from '../src/index.js';
import { readMask, readVolume } from '../src/node.js';

export interface Phase2Row {
  readonly filterId: string;
  readonly feature: string;
  readonly tag: string;
  readonly value: number;
  readonly tolerance: number;
}

export interface Phase2Comparison {
  readonly row: Phase2Row;
  readonly featureId: string;
  readonly computed: number | null;
  readonly pass: boolean;
}

const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));

/** The reference rows that have a value: 323 of 324 (8.B stat_qcod is blank in the table). */
export function phase2Rows(): Phase2Row[] {
  const lines = readFileSync(fixture('ibsi2/reference_values.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  return lines
    .map((line) => line.split(';'))
    .filter((c) => c[3] !== '')
    .map(([filterId, feature, tag, value, tolerance]) => ({ filterId, feature, tag, value: Number(value), tolerance: Number(tolerance) }));
}

/** IBSI 2 feature tag -> IBSI 1 code of the intensity-based statistical feature. */
export const STAT_TAG_CODES: Readonly<Record<string, string>> = {
  stat_mean: 'Q4LE', stat_var: 'ECT3', stat_skew: 'KE2A', stat_kurt: 'IPH6', stat_median: 'Y12H', stat_min: '1GSF',
  stat_p10: 'QG58', stat_p90: '8DWT', stat_max: '84IY', stat_iqr: 'SALO', stat_range: '2OJQ', stat_mad: '4FUA',
  stat_rmad: '1128', stat_medad: 'N72L', stat_cov: '7TET', stat_qcod: '9S40', stat_energy: 'N8CA', stat_rms: '5ZWQ',
};

const BOUNDARY = 'reflect';
const THETA_STEP = 22.5;

/** The image types of one configuration dimension, named by filter number ("f1" .. "f9"). */
export function phase2ImageTypes(dim: 'A' | 'B'): NonNullable<ConfigInput['imageTypes']> {
  const dims = dim === 'A' ? '2D' : '3D';
  const c = { boundary: BOUNDARY, dims } as const;
  return [
    { type: 'original', name: 'f1' },
    { type: 'mean', support: 5, ...c, name: 'f2' },
    { type: 'log', sigma: 1.5, truncate: 4, ...c, name: 'f3' },
    { type: 'laws', kernels: dim === 'A' ? 'L5E5' : 'L5E5E5', rotationInvariant: true, energyDelta: 7, ...c, name: 'f4' },
    { type: 'gabor', sigma: 5, lambda: 2, gamma: 1.5, theta: 0, thetaStep: THETA_STEP, rotationInvariant: true, ...c, name: 'f5' },
    { type: 'wavelet', wavelet: 'db3', decomposition: dim === 'A' ? 'LH' : 'LLH', level: 1, rotationInvariant: true, ...c, name: 'f6' },
    { type: 'wavelet', wavelet: 'db3', decomposition: dim === 'A' ? 'HH' : 'HHH', level: 2, rotationInvariant: true, ...c, name: 'f7' },
    { type: 'simoncelli', level: 1, ...c, boundary: 'nearest', name: 'f8' },
    { type: 'simoncelli', level: 2, ...c, boundary: 'nearest', name: 'f9' },
  ];
}

export function phase2Config(dim: 'A' | 'B'): ConfigInput {
  return {
    families: ['stat'],
    imageTypes: phase2ImageTypes(dim),
    resegmentation: { range: [-1000, 400], outlierSigma: null },
    resampling: dim === 'A' ? null : { spacing: [1, 1, 1], interpolator: 'cubic', roundIntensities: true, maskInterpolator: 'linear', partialVolumeThreshold: 0.5 },
  };
}

export function runPhase2(dim: 'A' | 'B'): ExtractResult {
  return extract(readVolume(fixture('ibsi1-ct-phantom/image.nii.gz')), readMask(fixture('ibsi1-ct-phantom/mask.nii.gz'), 1), phase2Config(dim), { imageFile: 'image.nii.gz', maskFile: 'mask.nii.gz' });
}

/** Compares the rows of one dimension: |computed - reference| <= tolerance. */
export function comparePhase2(dim: 'A' | 'B', result: ExtractResult = runPhase2(dim)): Phase2Comparison[] {
  return phase2Rows()
    .filter((r) => r.filterId.endsWith(`.${dim}`))
    .map((row) => {
      const n = row.filterId.split('.')[0];
      const code = STAT_TAG_CODES[row.tag];
      const f = result.features.find((x) => x.family === 'stat' && x.ibsi === code && x.id.startsWith(`f${n}:`));
      const computed = f?.value ?? null;
      return { row, featureId: f?.id ?? `f${n}:${row.tag}`, computed, pass: computed !== null && Math.abs(computed - row.value) <= row.tolerance };
    });
}
