/**
 * The joint entropies HXY1 = -sum_ij p_ij log2(p_i. p_.j) and HXY2 = -sum_ij p_i. p_.j log2(p_i. p_.j) of
 * glcmStats (src/features/glcm/stats.ts) against their exact values, and against the sums over every cell
 * that glcmStats computed before. For a symmetric GLCM both equal 2 HX (HX = -sum_i p_i. log2 p_i.): the
 * logarithm of a product is the sum of the logarithms, sum_j p_ij = p_i. and sum_j p_.j = 1, so
 * glcmStats now takes 2 HX, n logarithms where the sums took n^2. The exact values are computed from the
 * definitions, cell by cell, in fixed point with 100 fraction bits (BigInt): log2 of an integer by
 * repeated squaring, the probabilities as integer ratios. Errors in ulps of the exact value. The cases:
 * the GLCMs of 5^3 kernels of brain1 and brain2 (feature maps) and the 13 GLCMs of the whole ROIs of
 * brain1, brain2 and breast1 (PyRadiomics' bin width 25).
 */
import { describe, expect, test } from 'vitest';
import { glcmStats } from '../../src/features/glcm/stats.js';
import { kernelGlcms, roiGlcms, type SampleGlcm } from '../helpers/mriGlcms.js';
import { log2Fixed, ulps } from '../helpers/fixedPoint.js';

/** The exact HXY1 and HXY2 of a symmetric count matrix, x 2^FRACTION_BITS (test/helpers/fixedPoint.ts; to a few units): p_ij = c_ij / T, p_i. = r_i / T. */
function exactEntropies(counts: ArrayLike<number>, n: number): { hxy1: bigint; hxy2: bigint } {
  const c = Array.from(counts, (v) => BigInt(v));
  const r = Array.from({ length: n }, (_, i) => c.slice(i * n, i * n + n).reduce((s, v) => s + v, 0n));
  const total = r.reduce((s, v) => s + v, 0n);
  const logs = new Map<bigint, bigint>();
  const log2 = (v: bigint) => logs.get(v) ?? logs.set(v, log2Fixed(v)).get(v)!;
  const logTotal2 = 2n * log2(total);
  // log2(p_i. p_.j) = log2(r_i r_j) - 2 log2(T).
  let s1 = 0n;
  let s2 = 0n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (r[i] === 0n || r[j] === 0n) continue;
      const log = log2(r[i] * r[j]) - logTotal2;
      s1 += c[i * n + j] * log;
      s2 += r[i] * r[j] * log;
    }
  }
  return { hxy1: -s1 / total, hxy2: -s2 / (total * total) };
}

/** HXY1 and HXY2 as glcmStats summed them before, over every cell (n^2 logarithms). */
function cellSums(counts: ArrayLike<number>, n: number): { hxy1: number; hxy2: number } {
  const rows = new Float64Array(n);
  let total = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) rows[a] += counts[a * n + b];
    total += rows[a];
  }
  const px = rows.map((r) => r / total);
  let hxy1 = 0;
  let hxy2 = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const papb = px[a] * px[b];
      const log = px[a] > 0 && px[b] > 0 ? Math.log2(papb) : 0;
      if (px[a] > 0 && px[b] > 0) hxy2 -= papb * log;
      const count = counts[a * n + b];
      if (count === 0) continue;
      hxy1 -= (count / total) * log;
    }
  }
  return { hxy1, hxy2 };
}

describe('HXY1 and HXY2 of a symmetric GLCM as 2 HX: closer to the exact values than the sums over the cells', () => {
  const cases: (SampleGlcm & { kind: string })[] = [
    ...kernelGlcms('brain1', 61).map((c) => ({ ...c, kind: 'brain1 kernel' })),
    ...kernelGlcms('brain2', 10).map((c) => ({ ...c, kind: 'brain2 kernel' })),
    ...['brain1', 'brain2', 'breast1'].flatMap((sample) => roiGlcms(sample).map((c) => ({ ...c, kind: `${sample} ROI` }))),
  ].filter((c) => c.present.values.length >= 2);
  const errors = cases.map(({ counts, n, present, kind }) => {
    const stats = glcmStats({ counts, size: n }, present);
    if (stats === null) throw new Error('an empty matrix among the cases');
    const exact = exactEntropies(counts, n);
    const before = cellSums(counts, n);
    return {
      kind,
      n,
      hxy1: { now: ulps(stats.hxy1, exact.hxy1), before: ulps(before.hxy1, exact.hxy1) },
      hxy2: { now: ulps(stats.hxy2, exact.hxy2), before: ulps(before.hxy2, exact.hxy2) },
    };
  });

  test('the cases: kernels and whole ROIs, up to many grey levels', () => {
    expect(errors.filter((e) => e.kind.endsWith('kernel')).length).toBeGreaterThanOrEqual(100);
    expect(errors.filter((e) => e.kind.endsWith('ROI')).length).toBe(39);
    expect(Math.max(...errors.map((e) => e.n))).toBeGreaterThanOrEqual(30);
  });

  test.each(['hxy1', 'hxy2'] as const)('%s: smaller mean and largest error than the sums over the cells', (name) => {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const now = errors.map((e) => e[name].now);
    const before = errors.map((e) => e[name].before);
    if (process.env.SHOW_ERRORS) console.log(name, 'now mean', mean(now), 'max', Math.max(...now), 'before mean', mean(before), 'max', Math.max(...before), 'max n', Math.max(...errors.map((e) => e.n)));
    expect(mean(now)).toBeLessThan(mean(before));
    expect(Math.max(...now)).toBeLessThanOrEqual(Math.max(...before));
  });
});
