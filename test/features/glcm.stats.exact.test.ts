/**
 * The statistics of glcmStats (src/features/glcm/stats.ts), taken from the integer counts (the counts of
 * the difference and sum distributions, sum n^2, the whole-number numerators N sum k^2 n_k - (sum k n_k)^2,
 * each divided by N once), against their exact values, and against what glcmStats computed before: p = n / N
 * per cell added into every sum. That is weightedGlcmStats (src/features/glcm/weightedStats.ts), which
 * glcmStats keeps for counts that are not whole numbers: the same expressions in the same order as the old
 * glcmStats, so the same bits (it gave the bits of a frozen copy of the old glcmStats, every statistic of
 * every matrix below, before that copy was removed). The exact values are
 * computed from the definitions in fixed point with 100 fraction bits (BigInt): the rational statistics
 * as integer ratios, the entropies with log2 of an integer by repeated squaring. Errors in ulps of the
 * exact value (a statistic whose exact value is 0 is counted apart: it must come out 0). The cases: the
 * GLCMs of 5^3 kernels of brain1 and brain2 (feature maps) and the 13 GLCMs of the whole ROIs of brain1,
 * brain2 and breast1 (PyRadiomics' bin width 25), and PyRadiomics' weighted merged GLCMs (weightingNorm
 * euclidean and infinity: sums of w_d M_d, counts that are not whole numbers, scaled to whole numbers for
 * the oracle) of whole ROIs and kernels, and PyRadiomics' asymmetric GLCMs (symmetricalGLCM false) of whole
 * ROIs and kernels. For whole counts, every statistic that changed must be no
 * worse in mean and in largest error; weighted counts keep the sums of p per cell (weightedStats.ts),
 * bit for bit: taken from the sums of the counts, their centred moments lose digits to cancellation.
 */
import { describe, expect, test } from 'vitest';
import { glcmStats, type GlcmStats } from '../../src/features/glcm/stats.js';
import { asymmetricGlcms, kernelGlcms, roiGlcms, weightedGlcms, type SampleGlcm } from '../helpers/mriGlcms.js';
import { weightedGlcmStats } from '../../src/features/glcm/weightedStats.js';
import { FRACTION_BITS, log2Fixed, ulps } from '../helpers/fixedPoint.js';

/** Fraction bits of the fixed point (test/helpers/fixedPoint.ts). */
const F = FRACTION_BITS;

/** The statistics compared (HXY1 and HXY2: glcm.entropy.exact.test.ts; MCC: test/compat/mcc.exact.test.ts). */
type Compared = Exclude<keyof GlcmStats, 'ng' | 'pMax' | 'mean' | 'hxy1' | 'hxy2' | 'mcc'>;

/** a / b x 2^F, rounded down (b > 0). */
const ratio = (a: bigint, b: bigint): bigint => {
  const q = (a << F) / b;
  return a < 0n && q * b !== a << F ? q - 1n : q;
};

/**
 * The counts as whole numbers with the same ratios: each double is m / 2^e, so all times 2^max(e) (exact;
 * every statistic is a function of p = n / N alone).
 */
function wholeCounts(counts: ArrayLike<number>): bigint[] {
  let shift = 0;
  for (const x of Array.from(counts)) {
    let y = x;
    let e = 0;
    while (!Number.isInteger(y)) {
      y *= 2;
      e++;
    }
    shift = Math.max(shift, e);
  }
  return Array.from(counts, (x) => BigInt(x * 2 ** Math.min(shift, 1000)) << BigInt(Math.max(0, shift - 1000)));
}

/** The exact statistics of a symmetric count matrix, x 2^F (to a few units): p_ij = n_ij / N. */
function exactStats(counts: ArrayLike<number>, n: number, levels: ArrayLike<number>, levelCount: number): Record<Compared, bigint> {
  const c = wholeCounts(counts);
  const v = Array.from(levels, (x) => BigInt(x));
  const ng = BigInt(levelCount);
  const rows = Array.from({ length: n }, (_, a) => c.slice(a * n, a * n + n).reduce((s, x) => s + x, 0n));
  const total = rows.reduce((s, x) => s + x, 0n);
  const diff = new Map<bigint, bigint>();
  const sum = new Map<bigint, bigint>();
  let levelSum = 0n;
  let levelSquares = 0n;
  let joint = 0n;
  let squares = 0n;
  for (let a = 0; a < n; a++) {
    levelSum += v[a] * rows[a];
    levelSquares += v[a] * v[a] * rows[a];
    for (let b = 0; b < n; b++) {
      const x = c[a * n + b];
      if (x === 0n) continue;
      const d = v[a] > v[b] ? v[a] - v[b] : v[b] - v[a];
      diff.set(d, (diff.get(d) ?? 0n) + x);
      sum.set(v[a] + v[b], (sum.get(v[a] + v[b]) ?? 0n) + x);
      joint += v[a] * v[b] * x;
      squares += x * x;
    }
  }
  const logs = new Map<bigint, bigint>();
  const log2 = (x: bigint) => logs.get(x) ?? logs.set(x, log2Fixed(x)).get(x)!;
  // -sum_k (n_k / N) log2(n_k / N) = sum_k n_k (log2 N - log2 n_k) / N.
  const entropyOf = (ns: Iterable<bigint>) => {
    let s = 0n;
    for (const x of ns) if (x > 0n) s += x * (log2(total) - log2(x));
    return s / total;
  };
  const moments = (bins: Map<bigint, bigint>) => {
    let m1 = 0n;
    let m2 = 0n;
    for (const [k, x] of bins) {
      m1 += k * x;
      m2 += k * k * x;
    }
    return { mean: ratio(m1, total), second: ratio(m2, total), variance: ratio(total * m2 - m1 * m1, total * total) };
  };
  const d = moments(diff);
  const s = moments(sum);
  // sum_k n_k w_k / N with w_k = num_k / den_k: over the common denominator, then one ratio.
  const weighted = (weight: (k: bigint) => [bigint, bigint] | null) => {
    let num = 0n;
    let den = 1n;
    for (const [k, x] of diff) {
      const w = weight(k);
      if (w === null) continue;
      num = num * w[1] + x * w[0] * den;
      den *= w[1];
    }
    return ratio(num, den * total);
  };
  const cluster = (m: number) => {
    let acc = 0n;
    for (const [k, x] of sum) acc += (k * total - 2n * levelSum) ** BigInt(m) * x;
    return ratio(acc, total ** BigInt(m + 1));
  };
  return {
    variance: ratio(total * levelSquares - levelSum * levelSum, total * total),
    covariance: ratio(total * joint - levelSum * levelSum, total * total),
    autocorrelation: ratio(joint, total),
    energy: ratio(squares, total * total),
    clusterM2: cluster(2),
    clusterM3: cluster(3),
    clusterM4: cluster(4),
    diffMean: d.mean,
    diffVariance: d.variance,
    diffEntropy: entropyOf(diff.values()),
    diffM2: d.second,
    invDiff: weighted((k) => [1n, 1n + k]),
    invDiffNorm: weighted((k) => [ng, ng + k]),
    invDiffMoment: weighted((k) => [1n, 1n + k * k]),
    invDiffMomentNorm: weighted((k) => [ng * ng, ng * ng + k * k]),
    invVariance: weighted((k) => (k === 0n ? null : [1n, k * k])),
    sumMean: s.mean,
    sumVariance: s.variance,
    sumEntropy: entropyOf(sum.values()),
    hxy: entropyOf(c),
    hx: entropyOf(rows),
  };
}

/** The statistics as the sums of p = n / N per cell, over every cell (weightedGlcmStats, with its own working arrays). */
function sumsOfPPerCell(counts: ArrayLike<number>, n: number, levels: ArrayLike<number>, levelCount: number): Omit<GlcmStats, 'mcc'> {
  const lo = levels[0];
  const hi = levels[n - 1];
  return weightedGlcmStats(counts, n, levels, levelCount, new Float64Array(n), new Float64Array(hi - lo + 1), new Float64Array(2 * hi + 1));
}

const COMPARED: Compared[] = [
  'variance',
  'covariance',
  'autocorrelation',
  'energy',
  'clusterM2',
  'clusterM3',
  'clusterM4',
  'diffMean',
  'diffVariance',
  'diffEntropy',
  'diffM2',
  'invDiff',
  'invDiffNorm',
  'invDiffMoment',
  'invDiffMomentNorm',
  'invVariance',
  'sumMean',
  'sumVariance',
  'sumEntropy',
  'hxy',
  'hx',
];

describe('glcmStats from the integer counts: closer to the exact statistics than the sums of p per cell', () => {
  const cases: (SampleGlcm & { kind: string })[] = [
    ...kernelGlcms('brain1', 61).map((c) => ({ ...c, kind: 'brain1 kernel' })),
    ...kernelGlcms('brain2', 10).map((c) => ({ ...c, kind: 'brain2 kernel' })),
    ...['brain1', 'brain2', 'breast1'].flatMap((sample) => roiGlcms(sample).map((c) => ({ ...c, kind: `${sample} ROI` }))),
    ...(['euclidean', 'infinity'] as const).flatMap((norm) =>
      (['brain1', 'breast1'] as const).flatMap((sample) => weightedGlcms(sample, norm, sample === 'brain1' ? 300 : 40).map((c) => ({ ...c, kind: `${sample} weighted ${norm}` }))),
    ),
    ...(['brain1', 'breast1'] as const).flatMap((sample) => asymmetricGlcms(sample, sample === 'brain1' ? 61 : 10).map((c) => ({ ...c, kind: `${sample} asymmetric` }))),
  ].filter((c) => c.present.values.length >= 2);
  const results = cases.map(({ counts, n, present, kind }) => {
    const levelCount = present.values[n - 1];
    const now = glcmStats({ counts, size: n }, present, levelCount, undefined, !kind.includes('asymmetric')) as GlcmStats;
    const before = sumsOfPPerCell(counts, n, present.values, levelCount);
    return { kind, n, now, before, exact: exactStats(counts, n, present.values, levelCount) };
  });

  test('the cases: kernels and whole ROIs, up to many grey levels', () => {
    expect(results.filter((e) => e.kind.endsWith('kernel')).length).toBeGreaterThanOrEqual(100);
    expect(results.filter((e) => e.kind.endsWith('ROI')).length).toBe(39);
    expect(results.filter((e) => e.kind.includes('weighted')).length).toBeGreaterThanOrEqual(40);
    expect(results.filter((e) => e.kind.includes('asymmetric')).length).toBeGreaterThanOrEqual(100);
    expect(Math.max(...results.map((e) => e.n))).toBeGreaterThanOrEqual(30);
  });

  const whole = results.filter((r) => !r.kind.includes('weighted') && !r.kind.includes('asymmetric'));
  const asymmetric = results.filter((r) => r.kind.includes('asymmetric'));
  const weighted = results.filter((r) => r.kind.includes('weighted'));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const errorsOf = (rs: typeof results, name: Compared) => {
    const nonZero = rs.filter((r) => r.exact[name] !== 0n);
    return { now: nonZero.map((r) => ulps(r.now[name], r.exact[name])), before: nonZero.map((r) => ulps(r.before[name], r.exact[name])) };
  };
  const show = (label: string, name: Compared, e: { now: number[]; before: number[] }) =>
    console.log(`${name.padEnd(18)} ${label.padEnd(14)} now mean ${mean(e.now).toFixed(3)} max ${Math.max(...e.now).toFixed(2)}; before mean ${mean(e.before).toFixed(3)} max ${Math.max(...e.before).toFixed(2)}`);

  test.each(COMPARED)('%s of whole counts: the same bits, or a smaller mean and no larger largest error', (name) => {
    const same = whole.every((r) => Object.is(r.now[name], r.before[name]));
    const e = errorsOf(whole, name);
    if (process.env.SHOW_ERRORS) show(same ? 'same bits' : 'changed', name, e);
    if (same) return;
    // An exact 0 (e.g. a variance of whole numbers that cancel) must come out as 0, not rounding noise.
    expect(whole.filter((r) => r.exact[name] === 0n).every((r) => r.now[name] === 0)).toBe(true);
    expect(mean(e.now)).toBeLessThan(mean(e.before));
    expect(Math.max(...e.now)).toBeLessThanOrEqual(Math.max(...e.before));
  });

  // asymmetric.ts recomputes these from p_x and p_y (cluster moments, correlation, HX, HXY1, HXY2).
  test.each(COMPARED.filter((name) => !['covariance', 'clusterM2', 'clusterM3', 'clusterM4', 'hx'].includes(name)))('%s of an asymmetric matrix: closer, as for a symmetric one', (name) => {
    const e = errorsOf(asymmetric, name);
    if (process.env.SHOW_ERRORS) show('asymmetric', name, e);
    expect(asymmetric.filter((r) => r.exact[name] === 0n).every((r) => r.now[name] === 0)).toBe(true);
    expect(mean(e.now)).toBeLessThan(mean(e.before));
    expect(Math.max(...e.now)).toBeLessThanOrEqual(Math.max(...e.before));
  });

  test.each(COMPARED)('%s of weighted counts: the same bits as the sums of p per cell (the sums of the counts would lose digits)', (name) => {
    if (process.env.SHOW_ERRORS) show('weighted', name, errorsOf(weighted, name));
    expect(weighted.filter((r) => !Object.is(r.now[name], r.before[name])).length).toBe(0);
  });
});
