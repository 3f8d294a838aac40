/**
 * The statistics of glcmStats (src/features/glcm/stats.ts), taken from the integer counts (the counts of
 * the difference and sum distributions, sum n^2, the whole-number numerators N sum k^2 n_k - (sum k n_k)^2,
 * each divided by N once), against their exact values, and against what glcmStats computed before: p = n / N
 * per cell added into every sum (test/helpers/cellSumGlcmStats.ts, a frozen copy). The exact values are
 * computed from the definitions in fixed point with 100 fraction bits (BigInt): the rational statistics
 * as integer ratios, the entropies with log2 of an integer by repeated squaring. Errors in ulps of the
 * exact value (a statistic whose exact value is 0 is counted apart: it must come out 0). The cases: the
 * GLCMs of 5^3 kernels of brain1 and brain2 (feature maps) and the 13 GLCMs of the whole ROIs of brain1,
 * brain2 and breast1 (PyRadiomics' bin width 25). Every statistic that changed must be no worse in mean
 * and in largest error; those that did not change must keep their bits.
 */
import { describe, expect, test } from 'vitest';
import { glcmStats, type GlcmStats } from '../../src/features/glcm/stats.js';
import { kernelGlcms, roiGlcms, type SampleGlcm } from '../helpers/mriGlcms.js';
import { cellSumGlcmStats, type CellSumStats } from '../helpers/cellSumGlcmStats.js';
import { FRACTION_BITS, toFixed } from '../compat/mccOracle.js';

/** Fraction bits of the fixed point (those of toFixed). */
const F = FRACTION_BITS;
/** Working precision of the squarings: each one doubles the relative error, so 2F plus guard bits. */
const P = 2n * F + 64n;

/** log2(N) x 2^F, within one unit (N a positive integer): the integer part from the bit length, then one fraction bit per squaring of the mantissa in [1, 2). */
function log2Fixed(value: bigint): bigint {
  const e = BigInt(value.toString(2).length - 1);
  let y = e >= P ? value >> (e - P) : value << (P - e);
  let result = e << F;
  const two = 2n << P;
  for (let bit = F - 1n; bit >= 0n; bit--) {
    y = (y * y) >> P;
    if (y >= two) {
      y >>= 1n;
      result |= 1n << bit;
    }
  }
  return result;
}

type Compared = Exclude<keyof CellSumStats, 'pMax' | 'mean'>;

/** a / b x 2^F, rounded down (b > 0). */
const ratio = (a: bigint, b: bigint): bigint => {
  const q = (a << F) / b;
  return a < 0n && q * b !== a << F ? q - 1n : q;
};

/** The exact statistics of a symmetric count matrix, x 2^F (to a few units): p_ij = n_ij / N. */
function exactStats(counts: ArrayLike<number>, n: number, levels: ArrayLike<number>, levelCount: number): Record<Compared, bigint> {
  const c = Array.from(counts, (x) => BigInt(x));
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

/** |value - exact| in ulps of the exact value (exact x 2^F, not 0). */
function ulps(value: number, exact: bigint): number {
  const magnitude = exact < 0n ? -exact : exact;
  const exponent = magnitude.toString(2).length - 1 - Number(F); // floor(log2 |exact value|)
  const diff = toFixed(value) - exact;
  return Number(diff < 0n ? -diff : diff) / 2 ** (Number(F) + exponent - 52);
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
  ].filter((c) => c.present.values.length >= 2);
  const results = cases.map(({ counts, n, present, kind }) => {
    const levelCount = present.values[n - 1];
    const now = glcmStats({ counts, size: n }, present, levelCount) as GlcmStats;
    const before = cellSumGlcmStats(counts, n, present, levelCount);
    return { kind, n, now, before, exact: exactStats(counts, n, present.values, levelCount) };
  });

  test('the cases: kernels and whole ROIs, up to many grey levels', () => {
    expect(results.filter((e) => e.kind.endsWith('kernel')).length).toBeGreaterThanOrEqual(100);
    expect(results.filter((e) => e.kind.endsWith('ROI')).length).toBe(39);
    expect(Math.max(...results.map((e) => e.n))).toBeGreaterThanOrEqual(30);
  });

  test.each(COMPARED)('%s: the same bits, or a smaller mean and no larger largest error', (name) => {
    const same = results.every((r) => Object.is(r.now[name], r.before[name]));
    const nonZero = results.filter((r) => r.exact[name] !== 0n);
    // An exact 0 (e.g. a covariance of whole numbers that cancel) must come out as 0, not rounding noise.
    const zeros = results.filter((r) => r.exact[name] === 0n);
    const now = nonZero.map((r) => ulps(r.now[name], r.exact[name]));
    const before = nonZero.map((r) => ulps(r.before[name], r.exact[name]));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    if (process.env.SHOW_ERRORS)
      console.log(`${name.padEnd(18)} ${same ? 'same bits' : 'changed  '} now mean ${mean(now).toFixed(3)} max ${Math.max(...now).toFixed(2)}; before mean ${mean(before).toFixed(3)} max ${Math.max(...before).toFixed(2)}; exact 0: ${zeros.length} (now 0: ${zeros.filter((r) => r.now[name] === 0).length}, before 0: ${zeros.filter((r) => r.before[name] === 0).length})`);
    if (same) return;
    expect(zeros.every((r) => r.now[name] === 0)).toBe(true);
    expect(mean(now)).toBeLessThan(mean(before));
    expect(Math.max(...now)).toBeLessThanOrEqual(Math.max(...before));
  });
});
