/**
 * One eigenvalue of a real symmetric matrix without the others: Householder reduction to a symmetric
 * tridiagonal matrix, then bisection on the Sturm counts of the tridiagonal matrix (Golub & Van Loan,
 * Matrix Computations, sections 8.3.1 and 8.4.1). Both are backward stable: the eigenvalue is within a
 * few eps ||A|| of the exact one. Deterministic (fixed operation order). Meant for the small matrices of
 * texture statistics (n = grey levels): O(2 n^3 / 3) for the reduction, O(n) per bisection step.
 */

/** The tridiagonal matrix similar to `matrix` (n x n, symmetric, row-major; not modified): its diagonal and its n - 1 off-diagonal elements. */
export function tridiagonalise(matrix: ArrayLike<number>, n: number): { diagonal: Float64Array; offDiagonal: Float64Array } {
  const a = Float64Array.from(matrix);
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(Math.max(0, n - 1));
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k + 2 < n; k++) {
    // Householder reflector H = I - 2 v v^T / v^T v mapping column k below the diagonal, x, to alpha e_1.
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) norm2 += a[i * n + k] * a[i * n + k];
    const x0 = a[(k + 1) * n + k];
    if (norm2 === x0 * x0) {
      // Already zero below the subdiagonal: nothing to reflect.
      offDiagonal[k] = x0;
      continue;
    }
    const alpha = x0 > 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    let vv = 0;
    for (let i = k + 1; i < n; i++) {
      v[i] = i === k + 1 ? x0 - alpha : a[i * n + k];
      vv += v[i] * v[i];
    }
    // A22 <- H A22 H = A22 - v q^T - q v^T with p = 2 A22 v / vv, q = p - (v^T p / vv) v; A22 stays
    // symmetric, so each element pair is computed once (the lower one) and mirrored.
    let vp = 0;
    for (let i = k + 1; i < n; i++) {
      let sum = 0;
      for (let j = k + 1, ij = i * n + k + 1; j < n; j++, ij++) sum += a[ij] * v[j];
      p[i] = (2 * sum) / vv;
      vp += v[i] * p[i];
    }
    const kq = vp / vv;
    for (let i = k + 1; i < n; i++) p[i] -= kq * v[i];
    for (let i = k + 1; i < n; i++) {
      const vi = v[i];
      const pi = p[i];
      for (let j = k + 1, ij = i * n + k + 1, ji = (k + 1) * n + i; j <= i; j++, ij++, ji += n) a[ij] = a[ji] = a[ij] - (vi * p[j] + pi * v[j]);
    }
    offDiagonal[k] = alpha;
  }
  for (let i = 0; i < n; i++) diagonal[i] = a[i * n + i];
  if (n >= 2) offDiagonal[n - 2] = a[(n - 1) * n + n - 2];
  return { diagonal, offDiagonal };
}

/**
 * The j-th and k-th smallest eigenvalues (from 0) of the symmetric tridiagonal matrix (diagonal d,
 * off-diagonal e): bisection of the Gershgorin interval on the Sturm count (the number of negative pivots
 * of T - x I in its LDL^T factorisation = the eigenvalues below x), until the interval is a few ulps wide
 * or an eighth of eps ||T|| (the reduction's own error). The two bisections run in one loop: each Sturm
 * count is a chain of dependent divisions, and two independent chains keep the processor busy in the time
 * of one. Each eigenvalue is what a bisection for it alone would give.
 */
export function tridiagonalEigenvalues(d: Float64Array, e: Float64Array, j: number, k: number): [number, number] {
  const n = d.length;
  let lo = Infinity;
  let hi = -Infinity;
  let scale = 0;
  const e2 = new Float64Array(Math.max(0, n - 1));
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < n - 1 ? Math.abs(e[i]) : 0);
    lo = Math.min(lo, d[i] - r);
    hi = Math.max(hi, d[i] + r);
    scale = Math.max(scale, Math.abs(d[i]) + r);
    if (i < n - 1) e2[i] = e[i] * e[i];
  }
  if (scale === 0) return [0, 0];
  // A zero pivot is replaced by a tiny negative one (LAPACK dstebz's pivmin).
  const pivmin = Number.MIN_VALUE * 2 ** 60 * Math.max(1, scale * scale);
  const absolute = (Number.EPSILON * scale) / 8;
  lo -= absolute;
  hi += absolute;
  let loJ = lo, hiJ = hi, loK = lo, hiK = hi;
  const open = (a: number, b: number) => {
    if (!(b - a > Math.max(absolute, 2 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b))))) return false;
    const x = a + (b - a) / 2;
    return x > a && x < b;
  };
  for (let goJ = open(loJ, hiJ), goK = open(loK, hiK); goJ || goK; goJ = open(loJ, hiJ), goK = open(loK, hiK)) {
    // A finished bracket's count runs on (its result unused): one loop body for both.
    const x = loJ + (hiJ - loJ) / 2;
    const y = loK + (hiK - loK) / 2;
    let belowX = 0;
    let belowY = 0;
    let qx = d[0] - x;
    let qy = d[0] - y;
    for (let i = 0; ; ) {
      if (Math.abs(qx) < pivmin) qx = -pivmin;
      if (Math.abs(qy) < pivmin) qy = -pivmin;
      if (qx < 0) belowX++;
      if (qy < 0) belowY++;
      if (++i === n) break;
      qx = d[i] - x - e2[i - 1] / qx;
      qy = d[i] - y - e2[i - 1] / qy;
    }
    if (goJ) {
      if (belowX > j) hiJ = x;
      else loJ = x;
    }
    if (goK) {
      if (belowY > k) hiK = y;
      else loK = y;
    }
  }
  return [loJ + (hiJ - loJ) / 2, loK + (hiK - loK) / 2];
}

/** The k-th smallest eigenvalue (from 0) of the symmetric tridiagonal matrix (diagonal d, off-diagonal e); see tridiagonalEigenvalues. */
export function tridiagonalEigenvalue(d: Float64Array, e: Float64Array, k: number): number {
  return tridiagonalEigenvalues(d, e, k, k)[0];
}
