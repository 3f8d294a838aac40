import { describe, expect, test } from 'vitest';
import { largestMagnitudeExceptTop, tridiagonalEigenvalue, tridiagonalEigenvalues, tridiagonalise, tridiagonalisePacked } from '../../src/util/tridiagonalEigenvalue.js';
import { symmetricEigenvalues } from '../helpers/jacobiEigenvalues.js';
import { mulberry32 } from '../../src/util/random.js';

/** Every eigenvalue, ascending, by reduction and one bisection each. */
function eigenvalues(matrix: ArrayLike<number>, n: number): number[] {
  const t = tridiagonalise(Float64Array.from(matrix), n);
  return Array.from({ length: n }, (_, k) => tridiagonalEigenvalue(t, n, k));
}

describe('tridiagonalise + tridiagonalEigenvalue', () => {
  test('[[2, 1], [1, 2]] has eigenvalues 1 and 3', () => {
    const [a, b] = eigenvalues([2, 1, 1, 2], 2);
    expect(a).toBeCloseTo(1, 15);
    expect(b).toBeCloseTo(3, 15);
  });

  test('a diagonal matrix: its diagonal, sorted (repeated values too), to the bisection width (an eighth of eps ||A||, or 2 ulps)', () => {
    const values = eigenvalues([3, 0, 0, 0, -1, 0, 0, 0, 3], 3);
    [-1, 3, 3].forEach((want, k) => expect(Math.abs(values[k] - want)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(want)));
  });

  test('the zero matrix: zeros; a 1 x 1 matrix: its element', () => {
    expect(eigenvalues(new Float64Array(9), 3)).toEqual([0, 0, 0]);
    expect(eigenvalues([-2.5], 1)).toEqual([-2.5]);
  });

  test('the path graph P_5 (tridiagonal 0, 1): 2 cos(k pi / 6), k = 1..5', () => {
    const n = 5;
    const a = new Float64Array(n * n);
    for (let i = 0; i + 1 < n; i++) a[i * n + i + 1] = a[(i + 1) * n + i] = 1;
    const want = Array.from({ length: n }, (_, k) => 2 * Math.cos(((n - k) * Math.PI) / (n + 1)));
    eigenvalues(a, n).forEach((v, k) => expect(Math.abs(v - want[k])).toBeLessThan(4 * Number.EPSILON));
  });

  test.each([2, 3, 7, 20, 30])('random symmetric, n = %i: the eigenvalues of cyclic Jacobi (symmetricEigenvalues) to 1e-14 of the norm', (n) => {
    const random = mulberry32(n);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = 2 * random() - 1;
    const jacobi = symmetricEigenvalues(a, n);
    const norm = Math.max(...jacobi.map(Math.abs));
    eigenvalues(a, n).forEach((v, k) => expect(Math.abs(v - jacobi[k])).toBeLessThan(1e-14 * norm));
  });

  test("Wilkinson's W21+ (eigenvalues in pairs as close as 1e-13): the k-th eigenvalue, to 2 ulps of 11 (its Sturm count, LDL^T pivots, below and above)", () => {
    // Tridiagonal already (tridiagonalise reflects nothing): d_i = |10 - i|, e_i = 1.
    const n = 21;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = Math.abs(10 - i);
      if (i + 1 < n) a[i * n + i + 1] = a[(i + 1) * n + i] = 1;
    }
    /** Eigenvalues below x: negative pivots of T - x I = L D L^T. */
    const below = (x: number) => {
      let count = 0;
      let q = 1;
      for (let i = 0; i < n; i++) {
        q = Math.abs(10 - i) - x - (i > 0 ? 1 / q : 0);
        if (q < 0) count++;
      }
      return count;
    };
    const tolerance = 2 * 2 * Number.EPSILON * 11;
    eigenvalues(a, n).forEach((v, k) => {
      expect(below(v - tolerance)).toBeLessThanOrEqual(k);
      expect(below(v + tolerance)).toBeGreaterThanOrEqual(k + 1);
    });
  });

  test('a reducible matrix whose Sturm sequence meets a zero minor next to a zero coupling: [1 0 0; 0 1 e; 0 e 1] has 1 - e, 1, 1 + e (the previous solver gave 1 for the largest)', () => {
    const e = 0.48972302605398;
    const t = Float64Array.from([1, 1, 1, 0, e]);
    [1 - e, 1, 1 + e].forEach((want, k) => expect(Math.abs(tridiagonalEigenvalue(t, 3, k) - want)).toBeLessThanOrEqual(4 * Number.EPSILON));
  });

  test('300 random tridiagonal matrices (n = 1..25; repeated diagonal values, zero and tiny couplings): each k-th eigenvalue to 4 eps of the norm (the LDL^T count below and above)', () => {
    const random = mulberry32(22);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(random() * 25);
      const d = Array.from({ length: n }, () => (random() < 0.3 ? 1 : Math.round(8 * random()) / 4 - 1));
      const e = Array.from({ length: n - 1 }, () => {
        const u = random();
        return u < 0.2 ? 0 : u < 0.3 ? 1e-9 * random() : random() - 0.5;
      });
      const t = Float64Array.from([...d, ...e]);
      let norm = 0;
      for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]) + Math.abs(e[i - 1] ?? 0) + Math.abs(e[i] ?? 0));
      const tolerance = 4 * Number.EPSILON * Math.max(norm, 1);
      /** Eigenvalues below x: negative pivots of T - x I = L D L^T (a zero pivot nudged to -tiny). */
      const below = (x: number) => {
        let count = 0;
        let q = 1;
        for (let i = 0; i < n; i++) {
          q = d[i] - x - (i > 0 ? (e[i - 1] * e[i - 1]) / q : 0);
          if (q === 0) q = -1e-300;
          if (q < 0) count++;
        }
        return count;
      };
      for (let k = 0; k < n; k++) {
        const v = tridiagonalEigenvalue(t, n, k);
        expect(below(v - tolerance), `trial ${trial}, k ${k}`).toBeLessThanOrEqual(k);
        expect(below(v + tolerance), `trial ${trial}, k ${k}`).toBeGreaterThanOrEqual(k + 1);
      }
    }
  });

  test('an output buffer under 2n - 1 elements, or a packed triangle under n (n + 1) / 2, is an InvalidArgument (writes would be dropped, reads undefined)', () => {
    expect(() => tridiagonalise(new Float64Array(9), 3, new Float64Array(4))).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    expect(() => tridiagonalisePacked(new Float64Array(5), 3, new Float64Array(5))).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });

  test('tridiagonalEigenvalues(d, e, j, k) gives what two separate calls give, bit for bit', () => {
    const random = mulberry32(5);
    const n = 12;
    // Packed: the diagonal, then the off-diagonal.
    const t = Float64Array.from({ length: 2 * n - 1 }, (_, i) => (i < n ? random() : random() - 0.5));
    for (const [j, k] of [[0, 10], [3, 3], [11, 0]]) {
      expect(tridiagonalEigenvalues(t, n, j, k)).toEqual([tridiagonalEigenvalue(t, n, j), tridiagonalEigenvalue(t, n, k)]);
    }
  });

  test('scaled by 2^660 (its Sturm minors would overflow without rescaling): the eigenvalues scaled by 2^660, bit for bit', () => {
    const t = Float64Array.from([1, 2, 3, 4, 0.1, 0.1, 0.1]);
    const big = 2 ** 660;
    const scaled = t.map((v) => v * big);
    for (let k = 0; k < 4; k++) expect(tridiagonalEigenvalue(scaled, 4, k)).toBe(tridiagonalEigenvalue(t, 4, k) * big);
  });

  test('largestMagnitudeExceptTop(t, n) is max(|lambda_0|, |lambda_(n-2)|) of tridiagonalEigenvalues(t, n, 0, n - 2), bit for bit, whichever of the two is larger or of either sign', () => {
    const random = mulberry32(31);
    const seen = { lowestLarger: 0, secondLarger: 0, allPositive: 0 };
    for (let trial = 0; trial < 400; trial++) {
      const n = 2 + Math.floor(random() * 20);
      // Diagonal shifted by up to +-1 so that the smallest eigenvalue is negative or positive and either magnitude wins.
      const shift = 2 * random() - 1;
      const t = Float64Array.from({ length: 2 * n - 1 }, (_, i) => (i < n ? random() + shift : random() - 0.5));
      const [lowest, second] = tridiagonalEigenvalues(t, n, 0, n - 2);
      expect(largestMagnitudeExceptTop(t, n), `trial ${trial}`).toBe(Math.max(Math.abs(lowest), Math.abs(second)));
      if (lowest > 0) seen.allPositive++;
      else if (-lowest > Math.abs(second)) seen.lowestLarger++;
      else seen.secondLarger++;
    }
    expect(Math.min(seen.lowestLarger, seen.secondLarger, seen.allPositive)).toBeGreaterThan(20);
  });

  test('largestMagnitudeExceptTop of the zero matrix is 0; of [[0, 1], [1, 0]] (eigenvalues -1, 1) is 1', () => {
    expect(largestMagnitudeExceptTop(new Float64Array(5), 3)).toBe(0);
    expect(largestMagnitudeExceptTop(Float64Array.from([0, 0, 1]), 2)).toBe(1);
  });
});

/**
 * Householder tridiagonalisation one step at a time, unfused, written plainly: each step's reflector from
 * its column, the product p = A22 v (row i's sum a_ii v_i + sum_(j<i) a_ij v_j reaching p_i before the
 * rows below add a_ji v_j), q, then the update of the whole of A22. tridiagonalisePacked fuses the passes
 * (column k + 1 and the next norm, the update and the next product) and must keep every operation and its
 * order: the same bits.
 */
function plainTridiagonalise(full: ArrayLike<number>, n: number): Float64Array {
  const a = Float64Array.from(full);
  const out = new Float64Array(Math.max(1, 2 * n - 1));
  for (let k = 0; k + 2 < n; k++) {
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) norm2 += a[i * n + k] * a[i * n + k];
    const x0 = a[(k + 1) * n + k];
    if (norm2 === x0 * x0) {
      out[n + k] = x0;
      continue;
    }
    const alpha = x0 > 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    out[n + k] = alpha;
    const v = new Float64Array(n);
    let vv = 0;
    for (let i = k + 1; i < n; i++) {
      v[i] = i === k + 1 ? x0 - alpha : a[i * n + k];
      vv += v[i] * v[i];
    }
    const p = new Float64Array(n);
    for (let i = k + 1; i < n; i++) {
      let sum = a[i * n + i] * v[i];
      for (let j = k + 1; j < i; j++) {
        sum += a[i * n + j] * v[j];
        p[j] += a[i * n + j] * v[i];
      }
      p[i] += sum;
    }
    let vp = 0;
    for (let i = k + 1; i < n; i++) {
      p[i] = (2 * p[i]) / vv;
      vp += v[i] * p[i];
    }
    for (let i = k + 1; i < n; i++) p[i] -= (vp / vv) * v[i];
    for (let i = k + 1; i < n; i++) for (let j = k + 1; j <= i; j++) a[i * n + j] -= v[i] * p[j] + p[i] * v[j];
  }
  for (let i = 0; i < n; i++) out[i] = a[i * n + i];
  if (n >= 2) out[2 * n - 2] = a[(n - 1) * n + n - 2];
  return out;
}

describe('tridiagonalisePacked', () => {
  /** Random symmetric n x n, a fraction `density` of the lower triangle non-zero (GLCM-like sparsity gives columns with nothing to reflect). */
  function randomSymmetric(random: () => number, n: number, density: number): Float64Array {
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) if (random() < density) a[i * n + j] = a[j * n + i] = random() - 0.25;
    return a;
  }

  test('bit for bit what the plain one-step-at-a-time reduction gives (600 random matrices, n = 1..32, dense to 90 % zeros, block diagonal)', () => {
    const random = mulberry32(77);
    for (let trial = 0; trial < 600; trial++) {
      const n = 1 + Math.floor(random() * 32);
      const a = randomSymmetric(random, n, [1, 0.4, 0.1][trial % 3]);
      if (trial % 5 === 4) for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) if ((i < n / 2) !== (j < n / 2)) a[i * n + j] = a[j * n + i] = 0;
      const packed = new Float64Array((n * (n + 1)) / 2);
      for (let i = 0, ij = 0; i < n; i++) for (let j = 0; j <= i; j++, ij++) packed[ij] = a[i * n + j];
      const got = tridiagonalisePacked(packed, n, new Float64Array(2 * n - 1));
      const want = plainTridiagonalise(a, n);
      expect(Array.from(got.subarray(0, 2 * n - 1)), `trial ${trial}, n ${n}`).toEqual(Array.from(want.subarray(0, 2 * n - 1)));
    }
  });

  test('tridiagonalise(a, n) is tridiagonalisePacked of its lower triangle, and leaves a as it was', () => {
    const random = mulberry32(3);
    const n = 9;
    const a = randomSymmetric(random, n, 0.7);
    const copy = a.slice();
    const packed = new Float64Array((n * (n + 1)) / 2);
    for (let i = 0, ij = 0; i < n; i++) for (let j = 0; j <= i; j++, ij++) packed[ij] = a[i * n + j];
    expect(Array.from(tridiagonalise(a, n))).toEqual(Array.from(tridiagonalisePacked(packed, n, new Float64Array(2 * n - 1))));
    expect(a).toEqual(copy);
  });
});
