/**
 * The degeneracy rule of agreement.ts (variationOf) on constant, near-constant, perfectly agreeing and
 * tiny-but-real tables of many magnitudes and shapes; every statistic must follow it.
 */
import { describe, expect, test } from 'vitest';
import { agreement, ICC_TYPES, isRoundingSpread, variationOf, withinSubjectCv, type Ratings } from '../../src/robustness/agreement.js';
import { createRandom } from '../../src/robustness/random.js';

const MAGNITUDES = [0, 0.1, 0.7, 42, 1e6, -3e-5];
const REPEATS = [2, 3, 4, 5];
const SUBJECTS = [2, 3, 10, 75, 100];
const SHAPES = MAGNITUDES.flatMap((c) => REPEATS.flatMap((k) => SUBJECTS.map((n) => ({ c, k, n }))));

function table(n: number, k: number, value: (i: number, j: number) => number): Ratings {
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) data[i * k + j] = value(i, j);
  return { n, k, data };
}

/** x moved by `ulps` units in the last place away from 0 (0 stays 0: rounding relative to magnitude 0 is 0). */
function nudge(x: number, ulps: number): number {
  if (x === 0) return 0;
  const f = new Float64Array([x]);
  const b = new BigInt64Array(f.buffer);
  b[0] += BigInt(x > 0 ? ulps : -ulps);
  return f[0];
}

function expectUndefined(r: Ratings): void {
  const a = agreement(r);
  expect(a.anova.variation).toBe('constant');
  for (const t of ICC_TYPES) expect([a.icc[t].value, a.icc[t].lower, a.icc[t].upper, a.icc[t].f, a.icc[t].p]).toEqual([null, null, null, null, null]);
  expect(a.ccc).toBeNull();
  expect(a.wcv).toBeNull();
}

function expectPerfect(r: Ratings): void {
  const a = agreement(r);
  expect(a.anova.variation).toBe('perfect');
  for (const t of ICC_TYPES) expect(a.icc[t]).toMatchObject({ value: 1, lower: 1, upper: 1, f: null, p: 0 });
  expect(a.ccc).toBe(1);
  expect(a.wcv).toBe(a.anova.grandMean === 0 ? null : 0);
}

describe('constant tables are undefined: every ICC, bound, CCC and wCV null', () => {
  test.each(SHAPES)('every value $c, $n subjects x $k repeats', ({ c, n, k }) => expectUndefined(table(n, k, () => c)));

  // The case: a mean by summing and dividing is not exact (0.7 x 75 / 75 = 0.7000000000000008).
  test.each(SHAPES)('$c computed with rounding (sums of c/3 and c/7 pieces, 1-3 ulps apart), $n x $k', ({ c, n, k }) => {
    expectUndefined(table(n, k, (i, j) => ((i + j) % 3 === 0 ? c / 3 + c / 3 + c / 3 : (i * j) % 2 === 0 ? nudge(c, 1) : (c / 7) * 7)));
  });

  test.each(MAGNITUDES.filter((c) => c !== 0))('%s with spreads of 1 to 4 ulps is constant', (c) => {
    expectUndefined(table(10, 3, (i, j) => nudge(c, (i + j) % 5)));
  });

  test('1e-300 and near the largest double: constant', () => {
    expectUndefined(table(4, 2, () => 1e-300));
    expectUndefined(table(4, 2, (i) => nudge(1.7e308, i % 2)));
  });

  test('withinSubjectCv of one constant subject (n = 1) is null', () => {
    expect(withinSubjectCv(table(1, 5, () => 0.7))).toBeNull();
  });
});

describe('perfect agreement with real spread between subjects: every ICC 1 with bounds 1', () => {
  test.each(SHAPES)('subjects c + (i - n/2) (1 + |c|), repeats equal, c = $c, $n x $k', ({ c, n, k }) => {
    expectPerfect(table(n, k, (i) => c + (i - n / 2) * (1 + Math.abs(c))));
  });
  test.each(SHAPES)('the same with repeats 1 ulp apart, c = $c, $n x $k', ({ c, n, k }) => {
    expectPerfect(table(n, k, (i, j) => nudge(c + (i - n / 2) * (1 + Math.abs(c)), j % 2)));
  });
  test('the 0.1 x 3 / 3 rounding within subjects does not break it', () => {
    expectPerfect(table(6, 3, (i, j) => (j === 0 ? (0.1 * (i + 1) * 3) / 3 : 0.1 * (i + 1))));
  });
});

describe('tiny but real variation is kept (relative spread >= 1e-14: 45 ulps)', () => {
  test('isRoundingSpread: 8 eps of the magnitude is rounding, 1e-14 is not', () => {
    expect(isRoundingSpread(8 * Number.EPSILON * 42, 42)).toBe(true);
    expect(isRoundingSpread(1e-14 * 42, 42)).toBe(false);
    expect(isRoundingSpread(0, 0)).toBe(true);
    expect(isRoundingSpread(1e-300, 1e-300)).toBe(false);
  });

  // The ICC is invariant under x -> a + b x; a column c (1 + d u) with d = 1e-9 .. 1e-13 must give the ICC
  // of u itself, up to the representation error of the column (|c| eps / (|c| d) relative: eps / d).
  const rng = createRandom(18);
  const n = 20;
  const k = 3;
  const u = table(n, k, () => 0);
  const subject = Array.from({ length: n }, () => rng.normal());
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) u.data[i * k + j] = subject[i] + 0.3 * rng.normal();
  const exact = agreement(u);
  test.each(MAGNITUDES.filter((c) => c !== 0).flatMap((c) => [1e-9, 1e-11, 1e-13].map((d) => ({ c, d }))))('c = $c, relative spread $d: varying, every ICC and the CCC those of the spread alone', ({ c, d }) => {
    const r = table(n, k, (i, j) => c * (1 + d * u.data[i * k + j]));
    const a = agreement(r);
    expect(variationOf(r)).toBe('varying');
    const tolerance = (64 * Number.EPSILON) / d;
    for (const t of ICC_TYPES) {
      expect(Math.abs((a.icc[t].value as number) - (exact.icc[t].value as number))).toBeLessThan(tolerance);
      expect(Math.abs((a.icc[t].lower as number) - (exact.icc[t].lower as number))).toBeLessThan(tolerance);
    }
    expect(Math.abs((a.ccc as number) - (exact.ccc as number))).toBeLessThan(tolerance);
  });

  test('values near 0 with real variation (1e-300 scale) are not constant', () => {
    expect(variationOf(table(3, 2, (i, j) => (i + 0.5 * j) * 1e-300))).toBe('varying');
  });
});
