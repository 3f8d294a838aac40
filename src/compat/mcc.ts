import { symmetricEigenvalues } from '../util/symmetricEigenvalues.js';

/**
 * PyRadiomics' maximal correlation coefficient of one GLCM (glcm.py getMCCFeatureValue; not an IBSI
 * feature): MCC = sqrt(lambda_2), lambda_2 the second largest eigenvalue of
 * Q(i, j) = sum_k p(i, k) p(j, k) / (p_x(i) p_y(k)), over the grey levels present in the ROI (the matrix
 * `counts`, n x n, row i = first voxel of the pair). Q = D_x^-1 A A^T with A(i, k) = p(i, k) / sqrt(p_y(k)),
 * so it has the eigenvalues of the symmetric D_x^-1/2 A A^T D_x^-1/2; a level absent along this direction
 * (p_x(i) = 0) gives a zero row of Q and an eigenvalue 0 (PyRadiomics adds eps = 2.2e-16 to the
 * denominator to get the same 0). A matrix of one grey level gives 1, as PyRadiomics returns.
 */
export function maximalCorrelationCoefficient(counts: ArrayLike<number>, n: number): number {
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
      for (let k = 0; k < n; k++) {
        if (py[k] === 0) continue;
        sum += ((counts[i * n + k] / total) * (counts[j * n + k] / total)) / py[k];
      }
      s[i * n + j] = s[j * n + i] = sum / Math.sqrt(px[i] * px[j]);
    }
  }
  const values = symmetricEigenvalues(s, n);
  // Rounding can leave the root's argument a hair below 0 (a true eigenvalue 0).
  return Math.sqrt(Math.max(0, values[n - 2]));
}
