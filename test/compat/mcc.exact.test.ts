/**
 * maximalCorrelationCoefficient (src/compat/mcc.ts) against the exact MCC of each matrix (rational
 * arithmetic, ./mccOracle.ts), and against the two implementations it replaced: cyclic Jacobi (kept here
 * as `jacobiMcc`, on test/helpers/jacobiEigenvalues.ts) and Householder + plain bisection for every matrix
 * (test/helpers/bisectionMcc.ts; now: a split grey-level graph gives 1 with no eigenvalue problem, and
 * Laguerre's iteration steered by the Sturm counts replaces bisection). The cases: the GLCMs of
 * 5^3 kernels of real MRI (brain1 and brain2, label 1, fixed bin size 25: the matrices feature maps meet,
 * 13 per kernel), special matrices whose MCC is known, and asymmetric matrices (the general path). Errors
 * in units of 2^-53 (MCC lies in [0, 1]). On brain1's kernels every 20th voxel (199 matrices, measured
 * when the solver changed): bisection mean 1.19, max 6; now mean 0.58, max 3.7.
 */
import { describe, expect, test } from 'vitest';
import { maximalCorrelationCoefficient } from '../../src/compat/mcc.js';
import { symmetricEigenvalues } from '../helpers/jacobiEigenvalues.js';
import { bisectionMcc } from '../helpers/bisectionMcc.js';
import { errorUnits, exactMcc } from './mccOracle.js';
import { FRACTION_BITS } from '../helpers/fixedPoint.js';
import { kernelGlcms } from '../helpers/mriGlcms.js';

/** The implementation mcc.ts had before (cyclic Jacobi on S = D^-1/2 P D^-1 P^T D^-1/2, every eigenvalue). */
function jacobiMcc(counts: ArrayLike<number>, n: number): number {
  if (n < 2) return 1;
  let total = 0;
  for (let k = 0; k < n * n; k++) total += counts[k];
  if (total === 0) return NaN;
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      px[i] += counts[i * n + k] / total;
      py[k] += counts[i * n + k] / total;
    }
  }
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    if (px[i] === 0) continue;
    for (let j = i; j < n; j++) {
      if (px[j] === 0) continue;
      let sum = 0;
      for (let k = 0; k < n; k++) if (py[k] !== 0) sum += ((counts[i * n + k] / total) * (counts[j * n + k] / total)) / py[k];
      s[i * n + j] = s[j * n + i] = sum / Math.sqrt(px[i] * px[j]);
    }
  }
  return Math.sqrt(Math.max(0, symmetricEigenvalues(s, n)[n - 2]));
}

/** Seeded asymmetric count matrices (the general path: p_x != p_y). */
function asymmetric(count: number): { counts: Float64Array; n: number }[] {
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () => {
    const n = 3 + Math.floor(random() * 8);
    const counts = Float64Array.from({ length: n * n }, () => (random() < 0.5 ? 0 : Math.floor(random() * 9)));
    return { counts, n };
  });
}

describe('maximalCorrelationCoefficient: matrices whose MCC is known', () => {
  test.each([
    ['one grey level (PyRadiomics gives 1)', [7], 1, 1],
    ['one level present along this direction of two (the other row 0)', [6, 0, 0, 0], 2, 0],
  ])('%s: exactly %d', (_, counts, n, want) => {
    expect(maximalCorrelationCoefficient(Float64Array.from(counts), n)).toBe(want);
  });

  test.each([
    ['two levels that only meet each other (a bipartite GLCM: G has eigenvalue -1)', [0, 4, 4, 0], 2],
    ['two levels that never meet (two blocks: eigenvalue 1 twice)', [4, 0, 0, 6], 2],
    ['a path 1-2-3 without self-pairs (bipartite)', [0, 2, 0, 2, 0, 3, 0, 3, 0], 3],
    ['levels {1, 2} and {3, 4} that never meet each other', [2, 1, 0, 0, 1, 5, 0, 0, 0, 0, 3, 2, 0, 0, 2, 1], 4],
    ['asymmetric, rows {1, 2} only meet column 1 and row 3 column 2 and 3', [4, 0, 0, 1, 0, 0, 0, 2, 5], 3],
  ])('a split row-column graph, %s: exactly 1 (no eigenvalue problem)', (_, counts, n) => {
    expect(maximalCorrelationCoefficient(Float64Array.from(counts), n)).toBe(1);
  });

  test.each([
    ['two levels, independent (p_ij = p_i p_j)', [1, 1, 1, 1], 2, 0],
    ['three levels in a cycle 1-2-3-1 (G = (J - I) / 2: eigenvalues 1, -1/2, -1/2)', [0, 1, 1, 1, 0, 1, 1, 1, 0], 3, 0.5],
  ])('%s: %d to 2^-52 (an eigenvalue, computed)', (_, counts, n, want) => {
    expect(Math.abs(maximalCorrelationCoefficient(Float64Array.from(counts), n) - want)).toBeLessThanOrEqual(2 ** -52);
  });

  test('a connected graph with a self-pair is not split: a computed eigenvalue below 1', () => {
    // The path 1-2-3 with a pair (1, 1): not bipartite, connected.
    expect(maximalCorrelationCoefficient(Float64Array.from([2, 2, 0, 2, 0, 3, 0, 3, 0]), 3)).toBeLessThan(1 - 1e-3);
  });

  test('an empty matrix is NaN', () => {
    expect(maximalCorrelationCoefficient(new Float64Array(4), 2)).toBeNaN();
  });
});

describe('maximalCorrelationCoefficient is closer to the exact value than the Jacobi and bisection implementations it replaced', () => {
  const cases = [
    ...kernelGlcms('brain1', 61).map((c) => ({ ...c, kind: 'brain1 kernel' })),
    ...kernelGlcms('brain2', 10).map((c) => ({ ...c, kind: 'brain2 kernel' })),
    ...asymmetric(8).map((c) => ({ ...c, kind: 'asymmetric' })),
  ];
  const errors = cases.map(({ counts, n, kind }) => {
    const value = maximalCorrelationCoefficient(counts, n);
    const exact = exactMcc(counts, n, value);
    if (exact === null) throw new Error('an empty matrix among the cases');
    return { kind, n, value, exact, now: errorUnits(value, exact), jacobi: errorUnits(jacobiMcc(counts, n), exact), bisection: errorUnits(bisectionMcc(counts, n), exact) };
  });

  test('the cases: brain1 and brain2 kernels (with their grey levels) and asymmetric matrices', () => {
    expect(errors.filter((e) => e.kind === 'brain1 kernel').length).toBeGreaterThanOrEqual(60);
    expect(errors.filter((e) => e.kind === 'brain2 kernel').length).toBeGreaterThanOrEqual(40);
    expect(Math.max(...errors.map((e) => e.n))).toBeGreaterThanOrEqual(15);
  });

  test.each(errors.map((e, i) => [i, e.kind, e.n, e] as const))('case %i (%s, %i levels): within 16 x 2^-53 of the exact MCC', (_, __, ___, e) => {
    expect(e.now, `MCC ${e.value}, exact ${Number(e.exact) / 2 ** Number(FRACTION_BITS)}`).toBeLessThanOrEqual(16);
  });

  test.each(['jacobi', 'bisection'] as const)('over all cases: smaller mean and largest error than the %s implementation', (before) => {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const now = errors.map((e) => e.now);
    const then = errors.map((e) => e[before]);
    expect(mean(now)).toBeLessThan(mean(then));
    expect(Math.max(...now)).toBeLessThanOrEqual(Math.max(...then));
  });
});
