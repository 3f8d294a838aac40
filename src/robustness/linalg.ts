/**
 * Small dense linear algebra over Float64Array (row-major), enough for least squares with a handful of
 * design columns: X^T X by Cholesky. Hot loops stay here; nothing is allocated per element.
 */
import { RadiomicsError } from '../errors.js';

/**
 * Least-squares coefficients B (q x p) of Y (n x p) on X (n x q): B = (X^T X)^{-1} X^T Y, by the Cholesky
 * factor of X^T X. Throws ConfoundedDesign when X^T X is singular (a pivot below 1e-10 of its diagonal
 * entry): a design column is constant zero or a combination of others. `columns` names them for the message.
 */
export function leastSquares(x: Float64Array, n: number, q: number, y: Float64Array, p: number, columns: readonly string[]): Float64Array {
  const xtx = new Float64Array(q * q);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < q; a++) {
      const xa = x[i * q + a];
      if (xa === 0) continue;
      for (let b = a; b < q; b++) xtx[a * q + b] += xa * x[i * q + b];
    }
  }
  for (let a = 0; a < q; a++) for (let b = 0; b < a; b++) xtx[a * q + b] = xtx[b * q + a];
  const l = cholesky(xtx, q, columns);
  const xty = new Float64Array(q * p);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < q; a++) {
      const xa = x[i * q + a];
      if (xa === 0) continue;
      const row = i * p;
      const out = a * p;
      for (let j = 0; j < p; j++) xty[out + j] += xa * y[row + j];
    }
  }
  // Solve L L^T B = X^T Y column block by column block (forward, then backward substitution).
  const b = xty;
  for (let a = 0; a < q; a++) {
    for (let c = 0; c < a; c++) {
      const f = l[a * q + c];
      if (f !== 0) for (let j = 0; j < p; j++) b[a * p + j] -= f * b[c * p + j];
    }
    const d = l[a * q + a];
    for (let j = 0; j < p; j++) b[a * p + j] /= d;
  }
  for (let a = q - 1; a >= 0; a--) {
    for (let c = a + 1; c < q; c++) {
      const f = l[c * q + a];
      if (f !== 0) for (let j = 0; j < p; j++) b[a * p + j] -= f * b[c * p + j];
    }
    const d = l[a * q + a];
    for (let j = 0; j < p; j++) b[a * p + j] /= d;
  }
  return b;
}

/** Lower Cholesky factor of a symmetric positive definite q x q matrix. */
function cholesky(m: Float64Array, q: number, columns: readonly string[]): Float64Array {
  const l = new Float64Array(q * q);
  for (let a = 0; a < q; a++) {
    for (let b = 0; b <= a; b++) {
      let s = m[a * q + b];
      for (let c = 0; c < b; c++) s -= l[a * q + c] * l[b * q + c];
      if (a === b) {
        if (!(s > 1e-10 * Math.max(m[a * q + a], 1e-300))) {
          throw new RadiomicsError('ConfoundedDesign', `the design matrix is singular at column "${columns[a]}": it is constant, duplicated, or determined by batch and the other columns (design: ${columns.join(', ')})`, { column: columns[a], columns: [...columns] });
        }
        l[a * q + a] = Math.sqrt(s);
      } else {
        l[a * q + b] = s / l[b * q + b];
      }
    }
  }
  return l;
}
