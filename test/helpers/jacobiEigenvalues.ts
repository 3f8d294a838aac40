/**
 * Eigenvalues of a real symmetric n x n matrix by cyclic Jacobi rotations (Golub & Van Loan, Matrix
 * Computations, section 8.5): each rotation zeroes one off-diagonal element; sweeps in a fixed order
 * (deterministic) until the off-diagonal mass is below 1e-30 of the total. Ascending order.
 * O(n^3) per sweep. What MCC used before util/tridiagonalEigenvalue.ts; kept as the baseline the MCC
 * exactness test and the tridiagonal solver's tests compare with.
 */
export function symmetricEigenvalues(matrix: ArrayLike<number>, n: number): Float64Array {
  const a = Float64Array.from(matrix);
  let total = 0;
  for (let k = 0; k < n * n; k++) total += a[k] * a[k];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
    if (off === 0 || off <= 1e-30 * total) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // Rotation angle: tan(2 theta) = 2 a_pq / (a_qq - a_pp); t = tan(theta), the smaller root.
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let k = 0; k < n; k++) values[k] = a[k * n + k];
  return values.sort();
}
