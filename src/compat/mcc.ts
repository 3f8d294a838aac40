import { tridiagonalEigenvalue, tridiagonalEigenvalues, tridiagonalise } from '../util/tridiagonalEigenvalue.js';

/**
 * PyRadiomics' maximal correlation coefficient of one GLCM (glcm.py getMCCFeatureValue; not an IBSI
 * feature): MCC = sqrt(lambda_2), lambda_2 the second largest eigenvalue of
 * Q(i, j) = sum_k p(i, k) p(j, k) / (p_x(i) p_y(k)), over the grey levels present in the ROI (the matrix
 * `counts`, n x n, row i = first voxel of the pair).
 *
 * Q = D_x^-1 P D_y^-1 P^T is similar to the symmetric positive semi-definite S = G G^T with
 * G(i, k) = p(i, k) / sqrt(p_x(i) p_y(k)) = c(i, k) / sqrt(r_i s_k) (counts c, row sums r, column sums s:
 * the total cancels, so G is one rounding of integers), whose largest eigenvalue is 1 (eigenvector
 * sqrt(p_x)). A level absent along this direction (p_x(i) = 0) gives a zero row of Q and an eigenvalue 0
 * (PyRadiomics adds eps = 2.2e-16 to the denominator to get the same 0), so S is built on the m levels
 * with p_x > 0 only (a GLCM of a small kernel has few); with m = 1 the eigenvalues are 1 and zeros, so
 * MCC = 0. A matrix of one grey level gives 1, as PyRadiomics returns.
 *
 * The eigenvalues: Householder reduction to a tridiagonal matrix, then bisection on its Sturm counts for
 * the one or two eigenvalues needed (util/tridiagonalEigenvalue.ts), O(2 m^3 / 3 + 120 m), in place of
 * cyclic Jacobi for every eigenvalue of S (O(n^3) per sweep, about ten sweeps), which feature maps ran
 * 13 times per kernel; test/compat/mcc.exact.test.ts measures both against the exact value (rational
 * arithmetic).
 */
export function maximalCorrelationCoefficient(counts: ArrayLike<number>, n: number): number {
  if (n < 2) return 1;
  const symmetric = isSymmetric(counts, n);
  const rows = new Float64Array(n);
  const cols = symmetric ? rows : new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let k = 0; k < n; k++) r += counts[i * n + k];
    rows[i] = r;
    total += r;
  }
  if (total === 0) return NaN;
  if (!symmetric) for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) cols[k] += counts[i * n + k];
  const rowIndex = presentIndices(rows);
  const m = rowIndex.length;
  if (m < 2) return 0;
  if (symmetric) {
    // A symmetric GLCM (every IBSI GLCM) gives a symmetric G, and S = G^2: the eigenvalues of S are the
    // squares of G's, mu_1 = 1 >= mu_2 >= ... >= mu_m >= -1, so lambda_2(S) = max(mu_2^2, mu_m^2) and
    // MCC = max(|mu_2|, |mu_m|), read off G itself: no product, no square root, an absolute error of a
    // few eps in MCC rather than in MCC^2 (which, through the root, is eps / MCC in MCC).
    const g = new Float64Array(m * m);
    // The lower triangle of G is all tridiagonalise reads.
    for (let a = 0; a < m; a++) {
      const i = rowIndex[a];
      for (let b = 0; b <= a; b++) {
        const k = rowIndex[b];
        const c = counts[i * n + k];
        if (c !== 0) g[a * m + b] = c / Math.sqrt(rows[i] * rows[k]);
      }
    }
    const [lowest, second] = tridiagonalEigenvalues(tridiagonalise(g, m), m, 0, m - 2);
    return Math.max(Math.abs(second), Math.abs(lowest));
  }
  const colIndex = presentIndices(cols);
  const w = colIndex.length;
  // G (m x w), row-major.
  const g = new Float64Array(m * w);
  for (let a = 0; a < m; a++) {
    const i = rowIndex[a];
    for (let b = 0; b < w; b++) {
      const k = colIndex[b];
      const c = counts[i * n + k];
      if (c !== 0) g[a * w + b] = c / Math.sqrt(rows[i] * cols[k]);
    }
  }
  // S = G G^T (m x m, symmetric).
  const s = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      let sum = 0;
      for (let k = 0, ka = a * w, kb = b * w; k < w; k++, ka++, kb++) sum += g[ka] * g[kb];
      s[a * m + b] = s[b * m + a] = sum;
    }
  }
  const lambda2 = tridiagonalEigenvalue(tridiagonalise(s, m), m, m - 2);
  // Rounding can leave the root's argument a hair below 0 (a true eigenvalue 0).
  return Math.sqrt(Math.max(0, lambda2));
}

/** Indices of the positive entries. */
function presentIndices(sums: Float64Array): Int32Array {
  let m = 0;
  for (let i = 0; i < sums.length; i++) if (sums[i] > 0) m++;
  const out = new Int32Array(m);
  for (let i = 0, a = 0; i < sums.length; i++) if (sums[i] > 0) out[a++] = i;
  return out;
}

function isSymmetric(counts: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < n; i++) for (let k = i + 1; k < n; k++) if (counts[i * n + k] !== counts[k * n + i]) return false;
  return true;
}
