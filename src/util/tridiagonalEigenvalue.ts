/**
 * One eigenvalue of a real symmetric matrix without the others: Householder reduction to a symmetric
 * tridiagonal matrix, then bisection on the Sturm counts of the tridiagonal matrix until the eigenvalue is
 * isolated and Newton's iteration on its characteristic polynomial (Golub & Van Loan, Matrix
 * Computations, sections 8.3.1 and 8.4.1). Backward stable: the eigenvalue is within a few eps ||A|| of
 * the exact one. Deterministic (fixed operation order). Meant for the small matrices of texture
 * statistics (n = grey levels): O(2 n^3 / 3) for the reduction, O(n) per bisection or Newton step.
 */

/**
 * The tridiagonal matrix similar to `a` (n x n, symmetric, row-major), packed: its diagonal (elements 0
 * to n - 1) then its n - 1 off-diagonal elements (n to 2n - 2). Reads the lower triangle of `a` only and
 * overwrites it (pass a copy to keep it). Written to `out` (at least 4n elements, the last 2n used as
 * scratch) when given, so that a caller making many reductions (feature maps: 13 per kernel) allocates none.
 */
export function tridiagonalise(a: Float64Array, n: number, out: Float64Array = new Float64Array(4 * n)): Float64Array {
  // [diagonal | off-diagonal | v | p]: the result, then the reflector and the product vectors.
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
 * tridiagonalise gives it (diagonal d = t[0..n-1], off-diagonal e = t[n..2n-2]); see tridiagonalEigenvalue.
 */
export function tridiagonalEigenvalues(t: Float64Array, n: number, j: number, k: number): [number, number] {
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(t[i]) + (i > 0 ? Math.abs(t[n + i - 1]) : 0) + (i < n - 1 ? Math.abs(t[n + i]) : 0));
  if (norm === 0) return [0, 0];
  // The matrix scaled by a power of 2 (exact) to a norm near 1, so that e^2 and the Sturm minors stay in
  // range whatever the magnitude; the eigenvalues are scaled back (exact again). d, then e^2.
  const unit = 2 ** Math.round(Math.log2(norm));
  if (work.length < 2 * n) work = new Float64Array(2 * n);
  const d = work;
  const e2 = n; // e^2 at work[n + i]
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
    if (i < n - 1) d[e2 + i] = above * above;
  }
  const absolute = (Number.EPSILON * scale) / 8;
  lo -= absolute;
  hi += absolute;
  const first = eigenvalue(d, n, j, lo, hi, absolute) * unit;
  return [first, k === j ? first : eigenvalue(d, n, k, lo, hi, absolute) * unit];
}

/** Scratch of tridiagonalEigenvalues (d, then e^2), grown as needed: feature maps solve 13 problems per kernel. */
let work = new Float64Array(64);

/**
 * The k-th smallest eigenvalue of the scaled tridiagonal matrix in `w` (d = w[0..n-1], e^2 = w[n..2n-2]),
 * within the Gershgorin interval (lo, hi). The number of eigenvalues below x is the number of sign changes
 * along the Sturm sequence p_0 = 1, p_i = (d_i - x) p_(i-1) - e_(i-1)^2 p_(i-2) (the leading principal
 * minors of T - x I; Wilkinson, The Algebraic Eigenvalue Problem, 5.37), a p_i of 0 taking the sign
 * opposite to p_(i-1) (as a tiny negative pivot would), rescaled by powers of 2 (exact) to stay in range.
 * Bisection on that count until (lo, hi) holds the k-th eigenvalue alone (a simple root of p_n, which
 * changes sign there), then Newton's iteration on p_n (p_n' by the differentiated recurrence, the same
 * pass) safeguarded by the bracket: a Newton point outside it, or one whose step does not halve, is
 * replaced by the midpoint; every evaluation's count narrows the bracket. Converged when the Newton step
 * is below the bisection width (an eighth of eps ||T||, or 2 ulps) or the bracket is that narrow: a handful
 * of passes after isolation where bisection takes ~55 (the accuracy is the evaluation's own, eps ||T||;
 * test/compat/mcc.exact.test.ts measures it against exact values). Multiplications only in the recurrence:
 * the pivot form q_i = p_i / p_(i-1) waits on a division at every step.
 */
function eigenvalue(w: Float64Array, n: number, k: number, lo: number, hi: number, absolute: number): number {
  const e2 = n; // e^2 at w[n + i]
  let below = 0;
  let above = n;
  // Isolation: count(lo) <= k < count(hi) holds throughout; isolated when count(lo) = k, count(hi) = k + 1.
  while (below < k || above > k + 1) {
    if (!open(lo, hi, absolute)) return lo + (hi - lo) / 2;
    const x = lo + (hi - lo) / 2;
    const count = sturmCount(w, n, x);
    if (count > k) {
      hi = x;
      above = count;
    } else {
      lo = x;
      below = count;
    }
  }
  // Safeguarded Newton on p_n in the isolating bracket.
  let x = lo + (hi - lo) / 2;
  let step = hi - lo;
  let stepBefore = step;
  for (let iteration = 0; iteration < MAX_NEWTON; iteration++) {
    let count = 0;
    // (previous, current) minors and their derivatives in x, scaled alike.
    let p0 = 1, p1 = w[0] - x, s = 1;
    let q0 = 0, q1 = -1;
    for (let i = 1; ; i++) {
      const sign = p1 > 0 ? 1 : p1 < 0 ? -1 : -s;
      if (sign !== s) count++;
      s = sign;
      if (i === n) break;
      const di = w[i] - x;
      const ei = w[e2 + i - 1];
      const next = di * p1 - ei * p0;
      const nextQ = di * q1 - p1 - ei * q0;
      p0 = p1;
      p1 = next;
      q0 = q1;
      q1 = nextQ;
      const size = Math.max(Math.abs(p1), Math.abs(q1));
      if (!(size < BIG && size > SMALL) && size !== 0) {
        const f = size >= BIG ? 1 / BIG : BIG;
        p0 *= f;
        p1 *= f;
        q0 *= f;
        q1 *= f;
      }
    }
    if (p1 === 0) return x;
    if (count > k) hi = x;
    else lo = x;
    const newton = x - p1 / q1;
    if (newton > lo && newton < hi && 2 * Math.abs(p1 / q1) <= Math.abs(stepBefore)) {
      stepBefore = step;
      step = p1 / q1;
      x = newton;
      if (Math.abs(step) <= Math.max(absolute, 2 * Number.EPSILON * Math.abs(x))) return x;
    } else {
      if (!open(lo, hi, absolute)) return lo + (hi - lo) / 2;
      stepBefore = step;
      step = (hi - lo) / 2;
      x = lo + step;
    }
  }
  // Not reached in practice (each pass at least halves the bracket or the step): finish by bisection.
  while (open(lo, hi, absolute)) {
    const x = lo + (hi - lo) / 2;
    if (sturmCount(w, n, x) > k) hi = x;
    else lo = x;
  }
  return lo + (hi - lo) / 2;
}

/** Newton passes before eigenvalue falls back to plain bisection. */
const MAX_NEWTON = 100;

/** Eigenvalues below x of the scaled tridiagonal matrix in w (see eigenvalue). */
function sturmCount(w: Float64Array, n: number, x: number): number {
  let count = 0;
  let p0 = 1, p1 = w[0] - x, s = 1;
  for (let i = 1; ; i++) {
    const sign = p1 > 0 ? 1 : p1 < 0 ? -1 : -s;
    if (sign !== s) count++;
    s = sign;
    if (i === n) return count;
    const next = (w[i] - x) * p1 - w[n + i - 1] * p0;
    p0 = p1;
    p1 = next;
    if (!(Math.abs(p1) < BIG && Math.abs(p1) > SMALL) && p1 !== 0) {
      const f = Math.abs(p1) >= BIG ? 1 / BIG : BIG;
      p0 *= f;
      p1 *= f;
    }
  }
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
