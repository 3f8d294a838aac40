/**
 * One eigenvalue of a real symmetric matrix without the others: Householder reduction to a symmetric
 * tridiagonal matrix, then bisection on the Sturm counts of the tridiagonal matrix (Golub & Van Loan,
 * Matrix Computations, sections 8.3.1 and 8.4.1). Both are backward stable: the eigenvalue is within a
 * few eps ||A|| of the exact one. Deterministic (fixed operation order). Meant for the small matrices of
 * texture statistics (n = grey levels): O(2 n^3 / 3) for the reduction, O(n) per bisection step.
 */

/**
 * The tridiagonal matrix similar to `a` (n x n, symmetric, row-major), packed: its diagonal (elements 0
 * to n - 1) then its n - 1 off-diagonal elements (n to 2n - 2). Reads the lower triangle of `a` only and
 * overwrites it (pass a copy to keep it). One allocation (feature maps call this 13 times per kernel).
 */
export function tridiagonalise(a: Float64Array, n: number): Float64Array {
  // [diagonal | off-diagonal | v | p]: the result, then the reflector and the product vectors.
  const out = new Float64Array(4 * n);
  const off = n;
  const v = 2 * n;
  const p = 3 * n;
  for (let k = 0; k + 2 < n; k++) {
    // Householder reflector H = I - 2 v v^T / v^T v mapping column k below the diagonal, x, to alpha e_1.
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) norm2 += a[i * n + k] * a[i * n + k];
    const x0 = a[(k + 1) * n + k];
    if (norm2 === x0 * x0) {
      // Already zero below the subdiagonal: nothing to reflect.
      out[off + k] = x0;
      continue;
    }
    const alpha = x0 > 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    let vv = 0;
    for (let i = k + 1; i < n; i++) {
      const vi = i === k + 1 ? x0 - alpha : a[i * n + k];
      out[v + i] = vi;
      vv += vi * vi;
      out[p + i] = 0;
    }
    // A22 <- H A22 H = A22 - v q^T - q v^T with p = 2 A22 v / vv, q = p - (v^T p / vv) v; A22 is symmetric
    // and kept as its lower triangle: each stored element serves the product for its row and its column.
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const vi = out[v + i];
      let sum = a[row + i] * vi;
      for (let j = k + 1; j < i; j++) {
        const aij = a[row + j];
        sum += aij * out[v + j];
        out[p + j] += aij * vi;
      }
      out[p + i] += sum;
    }
    let vp = 0;
    for (let i = k + 1; i < n; i++) {
      const pi = (2 * out[p + i]) / vv;
      out[p + i] = pi;
      vp += out[v + i] * pi;
    }
    const kq = vp / vv;
    for (let i = k + 1; i < n; i++) out[p + i] -= kq * out[v + i];
    for (let i = k + 1; i < n; i++) {
      const vi = out[v + i];
      const pi = out[p + i];
      for (let j = k + 1, ij = i * n + k + 1; j <= i; j++, ij++) a[ij] -= vi * out[p + j] + pi * out[v + j];
    }
    out[off + k] = alpha;
  }
  for (let i = 0; i < n; i++) out[i] = a[i * n + i];
  if (n >= 2) out[off + n - 2] = a[(n - 1) * n + n - 2];
  return out;
}

/**
 * The j-th and k-th smallest eigenvalues (from 0) of the symmetric tridiagonal matrix t, packed as
 * tridiagonalise gives it (diagonal d = t[0..n-1], off-diagonal e = t[n..2n-2]): bisection of the Gershgorin interval on the Sturm count, until the interval is a few
 * ulps wide or an eighth of eps ||T|| (the reduction's own error). The count below x is the number of sign
 * changes along the Sturm sequence p_0 = 1, p_i = (d_i - x) p_(i-1) - e_(i-1)^2 p_(i-2) (the leading
 * principal minors of T - x I; Wilkinson, The Algebraic Eigenvalue Problem, 5.37), a p_i of 0 taking the
 * sign opposite to p_(i-1) (as a tiny negative pivot would), rescaled by powers of 2 (exact) to stay in
 * range. Multiplications only: the pivot form q_i = p_i / p_(i-1) waits on a division at every step. The
 * two bisections run in one loop, two independent chains in the time of one.
 */
export function tridiagonalEigenvalues(t: Float64Array, n: number, j: number, k: number): [number, number] {
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(t[i]) + (i > 0 ? Math.abs(t[n + i - 1]) : 0) + (i < n - 1 ? Math.abs(t[n + i]) : 0));
  if (norm === 0) return [0, 0];
  // The matrix scaled by a power of 2 (exact) to a norm near 1, so that e^2 and the Sturm minors stay in
  // range whatever the magnitude; the eigenvalues are scaled back (exact again). d, then e^2.
  const unit = 2 ** Math.round(Math.log2(norm));
  const work = new Float64Array(2 * n);
  const d = work.subarray(0, n);
  const e2 = work.subarray(n);
  let lo = Infinity;
  let hi = -Infinity;
  let scale = 0;
  for (let i = 0; i < n; i++) d[i] = t[i] / unit;
  for (let i = 0; i < n; i++) {
    const below = i > 0 ? Math.abs(t[n + i - 1] / unit) : 0;
    const above = i < n - 1 ? Math.abs(t[n + i] / unit) : 0;
    lo = Math.min(lo, d[i] - (below + above));
    hi = Math.max(hi, d[i] + (below + above));
    scale = Math.max(scale, Math.abs(d[i]) + (below + above));
    if (i < n - 1) e2[i] = above * above;
  }
  const absolute = (Number.EPSILON * scale) / 8;
  lo -= absolute;
  hi += absolute;
  let loJ = lo, hiJ = hi, loK = lo, hiK = hi;
  for (let goJ = open(loJ, hiJ, absolute), goK = open(loK, hiK, absolute); goJ || goK; goJ = open(loJ, hiJ, absolute), goK = open(loK, hiK, absolute)) {
    // A finished bracket's count runs on (its result unused): one loop body for both.
    const x = loJ + (hiJ - loJ) / 2;
    const y = loK + (hiK - loK) / 2;
    let belowX = 0;
    let belowY = 0;
    // (previous, current) minors and the sign (+1 / -1) taken for the current one.
    let px0 = 1, px1 = d[0] - x, sx = 1;
    let py0 = 1, py1 = d[0] - y, sy = 1;
    for (let i = 1; ; i++) {
      const tx = px1 > 0 ? 1 : px1 < 0 ? -1 : -sx;
      const ty = py1 > 0 ? 1 : py1 < 0 ? -1 : -sy;
      if (tx !== sx) belowX++;
      if (ty !== sy) belowY++;
      sx = tx;
      sy = ty;
      if (i === n) break;
      const nx = (d[i] - x) * px1 - e2[i - 1] * px0;
      const ny = (d[i] - y) * py1 - e2[i - 1] * py0;
      px0 = px1;
      px1 = nx;
      py0 = py1;
      py1 = ny;
      if (!(Math.abs(px1) < BIG && Math.abs(px1) > SMALL) && px1 !== 0) {
        const f = Math.abs(px1) >= BIG ? 1 / BIG : BIG;
        px0 *= f;
        px1 *= f;
      }
      if (!(Math.abs(py1) < BIG && Math.abs(py1) > SMALL) && py1 !== 0) {
        const f = Math.abs(py1) >= BIG ? 1 / BIG : BIG;
        py0 *= f;
        py1 *= f;
      }
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
  return [(loJ + (hiJ - loJ) / 2) * unit, (loK + (hiK - loK) / 2) * unit];
}

/** Rescaling bounds of the Sturm sequence: 2^400 and 2^-400 (a scaling by 2^+-400 is exact). */
const BIG = 2 ** 400;
const SMALL = 2 ** -400;

/** Whether bisection goes on in (lo, hi): wider than `absolute` and a few ulps, and its midpoint strictly inside. */
function open(lo: number, hi: number, absolute: number): boolean {
  if (!(hi - lo > Math.max(absolute, 2 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi))))) return false;
  const x = lo + (hi - lo) / 2;
  return x > lo && x < hi;
}

/** The k-th smallest eigenvalue (from 0) of the packed symmetric tridiagonal matrix t (tridiagonalise's result); see tridiagonalEigenvalues. */
export function tridiagonalEigenvalue(t: Float64Array, n: number, k: number): number {
  return tridiagonalEigenvalues(t, n, k, k)[0];
}
