import { RadiomicsError } from '../errors.js';

/**
 * One eigenvalue of a real symmetric matrix without the others: Householder reduction to a symmetric
 * tridiagonal matrix, then Laguerre's iteration on its characteristic polynomial steered by its Sturm
 * counts (Golub & Van Loan, Matrix Computations, sections 8.3.1 and 8.4.1; Wilkinson, The Algebraic
 * Eigenvalue Problem, chapter 7). Backward stable: the eigenvalue is within a few eps ||A|| of the exact one.
 * Deterministic (fixed operation order). Meant for the small matrices of texture statistics (n = grey
 * levels): O(2 n^3 / 3) for the reduction, O(n) per pass, ~6 passes per eigenvalue.
 */

/**
 * The tridiagonal matrix similar to `a` (n x n, symmetric, row-major), packed: its diagonal (elements 0
 * to n - 1) then its n - 1 off-diagonal elements (n to 2n - 2). Reads the lower triangle of `a` only and
 * leaves `a` as it is: tridiagonalisePacked on a copy of that triangle.
 */
export function tridiagonalise(a: Float64Array, n: number, out: Float64Array = new Float64Array(Math.max(1, 2 * n - 1))): Float64Array {
  const lower = new Float64Array((n * (n + 1)) / 2);
  for (let i = 0, ij = 0; i < n; i++) for (let j = 0; j <= i; j++, ij++) lower[ij] = a[i * n + j];
  return tridiagonalisePacked(lower, n, out);
}

/**
 * tridiagonalise on the lower triangle packed row by row (a_ij, j <= i, at i (i + 1) / 2 + j: a row's
 * elements adjacent, as the update walks them), overwritten. Written to `out` (at least 2n - 1 elements),
 * so that a caller making many reductions (feature maps: 13 per kernel) allocates none.
 *
 * Step k reflects column k below the diagonal onto its first element: H = I - 2 v v^T / v^T v, and the
 * trailing block A22 <- H A22 H = A22 - v q^T - q v^T with p = 2 A22 v / v^T v, q = p - (v^T p / v^T v) v
 * (Golub & Van Loan 8.3.1). Passes are fused to halve the passes over the triangle: the update of column
 * k + 1 with q, its copy to v' and its sum of squares (the next reflector's norm), then the update of the
 * rest of A22 with the product A22' v' of step k + 1 and v'^T v' (each element updated, then read); the
 * last four rows, where each p'_j becomes complete, also make step k + 1's p' <- 2 p' / v'^T v' and v'^T p'
 * (in that step's order), so that its divisions overlap the block's work instead of forming a pass of their
 * own (goal-case G matrices: 0.97-0.98 of the time, same bits). Rows go in fours (after the first
 * (n - k - 2) mod 4, the shortest, one at a time): each column's v, q and v' read once for four rows, four
 * sums in flight. The same operations in the same order as one step and one
 * row at a time, bit for bit (test/util/tridiagonalEigenvalue.unit.test.ts compares with that plain form).
 * v, p, v', p' are arrays of their own, swapped between steps, and the triangle is packed. Measured on the
 * 25,270 G matrices of a brain1 R = 2 feature-map run (MCC, m ~ 18): 2.9 us per matrix, where the same
 * reduction on a full row-major matrix with the vectors as offsets into one array and rows in pairs took 4.0.
 * Slower on those matrices, same bits (paired CPU ratios): the last block's scaling under a flag in the
 * shared block loop instead of a copy of the block (1.02-1.08), the fused pass as a function of its own
 * (1.03-1.06), fixed v and p with v', p' copied in instead of swapped (1.10-1.14), index sums truncated
 * with | 0 against V8's overflow checks (1.01-1.02). Two matrices reduced together, to overlap one's
 * latency (square root, divisions, chained sums) with the other's work: step k of one, then step k of the
 * other (the state kept between steps), 1.01 of the same resumable steps one matrix after the other and
 * 1.08 of this function; both in one loop, every statement of each in its order (pairs of equal n),
 * 1.20-1.22: the update is throughput-bound. The first step on G as it comes, sparse (the level graph: ~20 %
 * of A22 non-zero, v 2-4 non-zeros of m ~ 18), made from the non-zeros alone (same bits: a sum from +0 drops
 * its +-0 terms without a change; only an element -0 left out of the update could differ), paired ratios on
 * those matrices: p = A22 v from v's non-zeros by column sweeps 0.99-1.01; the update on v's rows and columns
 * alone, step 1's product then by product() (unfused), 1.13-1.19; the fused pass row by row over each row's
 * non-zeros (found by a branch-free compaction) 1.23-1.28 (in isolation 0.75 us per call where the same pass
 * dense, row by row, took 0.16: finding the non-zeros costs more than the work it saves). Without its first
 * step at all (row and column 0 dropped) the reduction takes 0.89 of the time: the most a first step could
 * gain.
 */
export function tridiagonalisePacked(lower: Float64Array, n: number, out: Float64Array): Float64Array {
  if (lower.length < (n * (n + 1)) / 2 || out.length < 2 * n - 1) {
    throw new RadiomicsError('InvalidArgument', `tridiagonalisePacked needs n (n + 1) / 2 = ${(n * (n + 1)) / 2} packed elements and an output of at least 2n - 1 = ${2 * n - 1}; got ${lower.length} and ${out.length}`, { n, packed: lower.length, length: out.length });
  }
  const a = lower;
  if (vectors[0].length < n) vectors = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  let v = vectors[0];
  let p = vectors[1];
  let vNext = vectors[2];
  let pNext = vectors[3];
  let vv = 0;
  // Whether step k's reflector and product were made during step k - 1's update, and whether that update
  // also scaled p and summed v^T p (scaledVP) as below.
  let ready = false;
  let scaled = false;
  let scaledVP = 0;
  for (let k = 0; k + 2 < n; k++) {
    if (!ready) {
      scaled = false;
      vv = reflectorOfColumn(a, n, k, out, v, p);
      if (vv === 0) continue;
      product(a, n, k, v, p);
    }
    ready = false;
    // p <- 2 p / vv (unless the last block of step k - 1 did it), then q = p - (v^T p / vv) v, in p.
    let vp = scaledVP;
    if (!scaled) {
      vp = 0;
      for (let i = k + 1; i < n; i++) {
        const pi = (2 * p[i]) / vv;
        p[i] = pi;
        vp += v[i] * pi;
      }
    }
    scaled = false;
    const kq = vp / vv;
    // Column c = k + 1 first (with q): the next reflector is made from it, copied to v' with its norm.
    const c = k + 1;
    const vc = v[c];
    const qc = (p[c] -= kq * vc);
    const cc = ((c * (c + 1)) >> 1) + c;
    a[cc] -= vc * qc + qc * vc;
    let norm2 = 0;
    for (let i = c + 1, ic = cc + c + 1; i < n; ic += i + 1, i++) {
      const vi = v[i];
      const qi = (p[i] -= kq * vi);
      const aic = (a[ic] -= vi * qc + qi * vc);
      vNext[i] = aic;
      norm2 += aic * aic;
    }
    if (c + 2 < n && reflect(n, c, norm2, out, vNext)) {
      // v'^T v' summed in the pass too (in row order, as from v'_0 on), and p' set by each element's
      // first contribution (0 + ..., as if zeroed first).
      let nextVV = 0;
      // Rows in pairs (i, i + 1): each column's v, q and v' read once for both; every element and every
      // sum sees the same operations in the same order as one row at a time.
      // The first (n - c - 1) mod 4 rows (the shortest: 0 to 2 elements left of the diagonal) one at a time.
      let i = c + 1;
      for (; ((n - i) & 3) !== 0; i++) {
        const row = (i * (i + 1)) >> 1;
        const vi = v[i];
        const qi = p[i];
        const wi = vNext[i];
        nextVV += wi * wi;
        let sum = (a[row + i] -= vi * qi + qi * vi) * wi;
        for (let j = c + 1; j < i; j++) {
          const aij = (a[row + j] -= vi * p[j] + qi * v[j]);
          sum += aij * vNext[j];
          pNext[j] += aij * wi;
        }
        pNext[i] = 0 + sum;
      }
      // The rest in fours (i .. i + 3): each column's v, q and v' read once for four rows, then the
      // block's own lower triangle; every element and every sum in the order of one row at a time
      // ((p'_j + a_ij w_i) + a_i+1,j w_i+1 ...).
      for (; i + 4 < n; i += 4) {
        const r0 = (i * (i + 1)) >> 1;
        const r1 = r0 + i + 1;
        const r2 = r1 + i + 2;
        const r3 = r2 + i + 3;
        const v0 = v[i];
        const v1 = v[i + 1];
        const v2 = v[i + 2];
        const v3 = v[i + 3];
        const q0 = p[i];
        const q1 = p[i + 1];
        const q2 = p[i + 2];
        const q3 = p[i + 3];
        const w0 = vNext[i];
        const w1 = vNext[i + 1];
        const w2 = vNext[i + 2];
        const w3 = vNext[i + 3];
        nextVV += w0 * w0;
        nextVV += w1 * w1;
        nextVV += w2 * w2;
        nextVV += w3 * w3;
        let s0 = (a[r0 + i] -= v0 * q0 + q0 * v0) * w0;
        let s1 = (a[r1 + i + 1] -= v1 * q1 + q1 * v1) * w1;
        let s2 = (a[r2 + i + 2] -= v2 * q2 + q2 * v2) * w2;
        let s3 = (a[r3 + i + 3] -= v3 * q3 + q3 * v3) * w3;
        for (let j = c + 1; j < i; j++) {
          const qj = p[j];
          const vj = v[j];
          const wj = vNext[j];
          const x0 = (a[r0 + j] -= v0 * qj + q0 * vj);
          const x1 = (a[r1 + j] -= v1 * qj + q1 * vj);
          const x2 = (a[r2 + j] -= v2 * qj + q2 * vj);
          const x3 = (a[r3 + j] -= v3 * qj + q3 * vj);
          s0 += x0 * wj;
          s1 += x1 * wj;
          s2 += x2 * wj;
          s3 += x3 * wj;
          pNext[j] = pNext[j] + x0 * w0 + x1 * w1 + x2 * w2 + x3 * w3;
        }
        const x10 = (a[r1 + i] -= v1 * q0 + q1 * v0);
        const x20 = (a[r2 + i] -= v2 * q0 + q2 * v0);
        const x21 = (a[r2 + i + 1] -= v2 * q1 + q2 * v1);
        const x30 = (a[r3 + i] -= v3 * q0 + q3 * v0);
        const x31 = (a[r3 + i + 1] -= v3 * q1 + q3 * v1);
        const x32 = (a[r3 + i + 2] -= v3 * q2 + q3 * v2);
        s1 += x10 * w0;
        s2 += x20 * w0;
        s2 += x21 * w1;
        s3 += x30 * w0;
        s3 += x31 * w1;
        s3 += x32 * w2;
        pNext[i] = 0 + s0 + x10 * w1 + x20 * w2 + x30 * w3;
        pNext[i + 1] = 0 + s1 + x21 * w2 + x31 * w3;
        pNext[i + 2] = 0 + s2 + x32 * w3;
        pNext[i + 3] = 0 + s3;
      }
      if (i < n) {
        const r0 = (i * (i + 1)) >> 1;
        const r1 = r0 + i + 1;
        const r2 = r1 + i + 2;
        const r3 = r2 + i + 3;
        const v0 = v[i];
        const v1 = v[i + 1];
        const v2 = v[i + 2];
        const v3 = v[i + 3];
        const q0 = p[i];
        const q1 = p[i + 1];
        const q2 = p[i + 2];
        const q3 = p[i + 3];
        const w0 = vNext[i];
        const w1 = vNext[i + 1];
        const w2 = vNext[i + 2];
        const w3 = vNext[i + 3];
        nextVV += w0 * w0;
        nextVV += w1 * w1;
        nextVV += w2 * w2;
        nextVV += w3 * w3;
        let s0 = (a[r0 + i] -= v0 * q0 + q0 * v0) * w0;
        let s1 = (a[r1 + i + 1] -= v1 * q1 + q1 * v1) * w1;
        let s2 = (a[r2 + i + 2] -= v2 * q2 + q2 * v2) * w2;
        let s3 = (a[r3 + i + 3] -= v3 * q3 + q3 * v3) * w3;
        // p' is complete in this block (its rows are the last): step k + 1's scaling of p' (2 p' / v'^T v')
        // and its sum v'^T p' (in the order of its own loop, j ascending) done here, off its path.
        let vpNext = 0;
        for (let j = c + 1; j < i; j++) {
          const qj = p[j];
          const vj = v[j];
          const wj = vNext[j];
          const x0 = (a[r0 + j] -= v0 * qj + q0 * vj);
          const x1 = (a[r1 + j] -= v1 * qj + q1 * vj);
          const x2 = (a[r2 + j] -= v2 * qj + q2 * vj);
          const x3 = (a[r3 + j] -= v3 * qj + q3 * vj);
          s0 += x0 * wj;
          s1 += x1 * wj;
          s2 += x2 * wj;
          s3 += x3 * wj;
          const pj = (2 * (pNext[j] + x0 * w0 + x1 * w1 + x2 * w2 + x3 * w3)) / nextVV;
          pNext[j] = pj;
          vpNext += wj * pj;
        }
        const x10 = (a[r1 + i] -= v1 * q0 + q1 * v0);
        const x20 = (a[r2 + i] -= v2 * q0 + q2 * v0);
        const x21 = (a[r2 + i + 1] -= v2 * q1 + q2 * v1);
        const x30 = (a[r3 + i] -= v3 * q0 + q3 * v0);
        const x31 = (a[r3 + i + 1] -= v3 * q1 + q3 * v1);
        const x32 = (a[r3 + i + 2] -= v3 * q2 + q3 * v2);
        s1 += x10 * w0;
        s2 += x20 * w0;
        s2 += x21 * w1;
        s3 += x30 * w0;
        s3 += x31 * w1;
        s3 += x32 * w2;
        const p0 = (2 * (0 + s0 + x10 * w1 + x20 * w2 + x30 * w3)) / nextVV;
        const p1 = (2 * (0 + s1 + x21 * w2 + x31 * w3)) / nextVV;
        const p2 = (2 * (0 + s2 + x32 * w3)) / nextVV;
        const p3 = (2 * (0 + s3)) / nextVV;
        pNext[i] = p0;
        pNext[i + 1] = p1;
        pNext[i + 2] = p2;
        pNext[i + 3] = p3;
        vpNext += w0 * p0;
        vpNext += w1 * p1;
        vpNext += w2 * p2;
        vpNext += w3 * p3;
        scaledVP = vpNext;
        scaled = true;
      }
      const vPrevious = v;
      v = vNext;
      vNext = vPrevious;
      const pPrevious = p;
      p = pNext;
      pNext = pPrevious;
      vv = nextVV;
      // v'^T v' = 0 (underflow): step k + 1 makes its reflector anew and finds nothing to reflect.
      ready = nextVV > 0;
    } else {
      for (let i = c + 1; i < n; i++) {
        const vi = v[i];
        const qi = p[i];
        for (let j = c + 1, ij = ((i * (i + 1)) >> 1) + c + 1; j <= i; j++, ij++) a[ij] -= vi * p[j] + qi * v[j];
      }
    }
  }
  for (let i = 0; i < n; i++) out[i] = a[((i * (i + 1)) >> 1) + i];
  if (n >= 2) out[n + n - 2] = a[(((n - 1) * n) >> 1) + n - 2];
  return out;
}

/** tridiagonalisePacked's vectors v, p, v', p' (see there), grown as needed. */
let vectors = [new Float64Array(32), new Float64Array(32), new Float64Array(32), new Float64Array(32)];

/**
 * The reflector of column k below the diagonal, copied from `a` to v[k + 1 ..] (see reflect), p[k + 1 ..]
 * zeroed for the product; returns v^T v, 0 when nothing is to reflect.
 */
function reflectorOfColumn(a: Float64Array, n: number, k: number, out: Float64Array, v: Float64Array, p: Float64Array): number {
  let norm2 = 0;
  for (let i = k + 1, ik = (((k + 1) * (k + 2)) >> 1) + k; i < n; ik += i + 1, i++) {
    const x = a[ik];
    v[i] = x;
    norm2 += x * x;
  }
  if (!reflect(n, k, norm2, out, v)) return 0;
  let vv = 0;
  for (let i = k + 1; i < n; i++) {
    vv += v[i] * v[i];
    p[i] = 0;
  }
  return vv;
}

/**
 * The Householder reflector H = I - 2 v v^T / v^T v mapping x = v[k + 1 ..] (column k below the diagonal,
 * its sum of squares norm2) to alpha e_1: v made in place (v_0 = x_0 - alpha), alpha to the off-diagonal
 * out[n + k]. False (and x_0 to out[n + k]) when x is already zero below its first element: nothing to reflect.
 */
function reflect(n: number, k: number, norm2: number, out: Float64Array, v: Float64Array): boolean {
  const x0 = v[k + 1];
  if (norm2 === x0 * x0) {
    out[n + k] = x0;
    return false;
  }
  // alpha = -sign(x0) ||x|| (+||x|| for x0 = 0), as a product with -1 or 1 (exact): the sign of x0
  // comes at random, and a branch on it mispredicts.
  const alpha = (1 - 2 * +(x0 > 0)) * Math.sqrt(norm2);
  v[k + 1] = x0 - alpha;
  out[n + k] = alpha;
  return true;
}

/** p[k + 1 ..] += A22 v (A22 = rows and columns k + 1.. of the packed `a`, its lower triangle: each stored element serves the product for its row and its column). */
function product(a: Float64Array, n: number, k: number, v: Float64Array, p: Float64Array): void {
  // As tridiagonalisePacked's fused pass: the first (n - k - 1) mod 4 rows one at a time, then fours.
  let i = k + 1;
  for (; ((n - i) & 3) !== 0; i++) {
    const row = (i * (i + 1)) >> 1;
    const vi = v[i];
    let sum = a[row + i] * vi;
    for (let j = k + 1; j < i; j++) {
      const aij = a[row + j];
      sum += aij * v[j];
      p[j] += aij * vi;
    }
    p[i] += sum;
  }
  for (; i < n; i += 4) {
    const r0 = (i * (i + 1)) >> 1;
    const r1 = r0 + i + 1;
    const r2 = r1 + i + 2;
    const r3 = r2 + i + 3;
    const v0 = v[i];
    const v1 = v[i + 1];
    const v2 = v[i + 2];
    const v3 = v[i + 3];
    let s0 = a[r0 + i] * v0;
    let s1 = a[r1 + i + 1] * v1;
    let s2 = a[r2 + i + 2] * v2;
    let s3 = a[r3 + i + 3] * v3;
    for (let j = k + 1; j < i; j++) {
      const vj = v[j];
      const x0 = a[r0 + j];
      const x1 = a[r1 + j];
      const x2 = a[r2 + j];
      const x3 = a[r3 + j];
      s0 += x0 * vj;
      s1 += x1 * vj;
      s2 += x2 * vj;
      s3 += x3 * vj;
      p[j] = p[j] + x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3;
    }
    const x10 = a[r1 + i];
    const x20 = a[r2 + i];
    const x21 = a[r2 + i + 1];
    const x30 = a[r3 + i];
    const x31 = a[r3 + i + 1];
    const x32 = a[r3 + i + 2];
    s1 += x10 * v0;
    s2 += x20 * v0;
    s2 += x21 * v1;
    s3 += x30 * v0;
    s3 += x31 * v1;
    s3 += x32 * v2;
    p[i] = p[i] + s0 + x10 * v1 + x20 * v2 + x30 * v3;
    p[i + 1] = p[i + 1] + s1 + x21 * v2 + x31 * v3;
    p[i + 2] = p[i + 2] + s2 + x32 * v3;
    p[i + 3] += s3;
  }
}

/**
 * The j-th and k-th smallest eigenvalues (from 0) of the symmetric tridiagonal matrix t, packed as
 * tridiagonalise gives it (diagonal d = t[0..n-1], off-diagonal e = t[n..2n-2]); see tridiagonalEigenvalue.
 */
export function tridiagonalEigenvalues(t: Float64Array, n: number, j: number, k: number): [number, number] {
  const unit = scaleInto(t, n);
  if (unit === 0) return [0, 0];
  bounds[3] = -Infinity;
  eigenvalue(work, n, j, 0);
  const first = found[0] * unit;
  if (k === j) return [first, first];
  eigenvalue(work, n, k, 0);
  return [first, found[0] * unit];
}

/**
 * max(|lambda_0|, |lambda_(n-2)|) of the packed symmetric tridiagonal matrix t (n >= 2): the largest
 * magnitude among its eigenvalues but the largest one (PyRadiomics' MCC is this, of a matrix whose largest
 * eigenvalue is 1; see compat/mcc.ts). The smallest first (Laguerre from the Gershgorin bound, monotone:
 * ~5 passes); when it is negative, one Sturm count at -lambda_0 tells whether lambda_(n-2) lies below
 * it (n - 1 eigenvalues below -lambda_0: then |lambda_(n-2)| < -lambda_0 and the answer is -lambda_0,
 * no second eigenvalue: 58 % of brain1's kernel GLCMs); otherwise lambda_(n-2) as tridiagonalEigenvalues
 * computes it, and the larger magnitude. The same values as max(|a|, |b|) of
 * tridiagonalEigenvalues(t, n, 0, n - 2) except where the two magnitudes agree to the count's rounding.
 */
export function largestMagnitudeExceptTop(t: Float64Array, n: number): number {
  const unit = scaleInto(t, n);
  if (unit === 0) return 0;
  bounds[3] = -Infinity;
  eigenvalue(work, n, 0, 0);
  const lowest = found[0];
  if (n === 2) return Math.abs(lowest) * unit;
  const below = lowest < 0 ? sturmCount(work, n, -lowest) : 0;
  if (lowest < 0 && below >= n - 1) return -lowest * unit;
  bounds[3] = lowest < 0 ? -lowest : -Infinity;
  eigenvalue(work, n, n - 2, below);
  return Math.max(Math.abs(lowest), Math.abs(found[0])) * unit;
}

/**
 * The matrix t scaled by a power of 2 (exact) to a norm near 1, so that e^2 and the Sturm minors stay in
 * range whatever the magnitude, into `work` (d, then e^2), its Gershgorin interval (lo, hi) and the
 * bisection width into `bounds`; returns the scale `unit` (the eigenvalues are scaled back by it, exact
 * again), 0 for the zero matrix.
 */
function scaleInto(t: Float64Array, n: number): number {
  if (work.length < 2 * n) work = new Float64Array(2 * n);
  const d = work;
  const e2 = n; // e^2 at work[n + i]
  // One pass as if unit = 1 (x * 1 = x: the MCC's G matrices have norms in [1, 1.57], 98 % of them unit 1):
  // the norm max_i |d_i| + |e_(i-1)| + |e_i| (e_(-1) = e_(n-1) = 0), and with it d, e^2 and the Gershgorin
  // interval; the scaled pass below only when the unit is another power of 2 (eigenvalues of the goal
  // case's tridiagonals 0.95-0.96 of the time with the norm in a pass of its own; same bits).
  let norm = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let scale = 0;
  let below = 0;
  for (let i = 0; i < n; i++) {
    const di = t[i];
    d[i] = di;
    const above = i < n - 1 ? Math.abs(t[n + i]) : 0;
    const sum = below + above;
    lo = Math.min(lo, di - sum);
    hi = Math.max(hi, di + sum);
    scale = Math.max(scale, Math.abs(di) + sum);
    norm = Math.max(norm, Math.abs(di) + below + above);
    if (i < n - 1) d[e2 + i] = above * above;
    below = above;
  }
  if (norm === 0) return 0;
  const unit = 2 ** Math.round(Math.log2(norm));
  if (unit !== 1) {
    lo = Infinity;
    hi = -Infinity;
    scale = 0;
    // x / unit = x * (1 / unit), bit for bit, where 1 / unit is itself a power of 2 (unit >= 2^-1023); a
    // multiplication is several times cheaper than a division.
    const inverse = unit >= 2 ** -1023 ? 1 / unit : 0;
    below = 0;
    for (let i = 0; i < n; i++) {
      const di = inverse !== 0 ? t[i] * inverse : t[i] / unit;
      d[i] = di;
      const above = i < n - 1 ? Math.abs(inverse !== 0 ? t[n + i] * inverse : t[n + i] / unit) : 0;
      lo = Math.min(lo, di - (below + above));
      hi = Math.max(hi, di + (below + above));
      scale = Math.max(scale, Math.abs(di) + (below + above));
      if (i < n - 1) d[e2 + i] = above * above;
      below = above;
    }
  }
  const absolute = (Number.EPSILON * scale) / 8;
  bounds[0] = lo - absolute;
  bounds[1] = hi + absolute;
  bounds[2] = absolute;
  return unit;
}

/** eigenvalue's result (see there). */
const found = new Float64Array(1);

/**
 * scaleInto's Gershgorin interval (lo, hi) and bisection width, then the point `known` of eigenvalue
 * (-Infinity for none): eigenvalue's inputs (see there).
 */
const bounds = new Float64Array(4);

/** Scratch of tridiagonalEigenvalues and largestMagnitudeExceptTop (d, then e^2), grown as needed: feature maps solve 13 problems per kernel. */
let work = new Float64Array(64);

/**
 * The k-th smallest eigenvalue of the scaled tridiagonal matrix in `w` (d = w[0..n-1], e^2 = w[n..2n-2]),
 * within the Gershgorin interval (lo, hi) = bounds[0..1] (bisection width bounds[2]; bounds[3] a point
 * `known` with `knownCount` eigenvalues below it, -Infinity for none), written to found[0]. The doubles go in and out through those arrays, not as arguments and a
 * return value: V8 does not inline this function, and a double passed to or returned from a call it does
 * not inline is a heap number (16 bytes) per call. With them a glcm maps run of the goal case (brain1
 * R = 2, compat pyradiomics) allocated 11.6 MB, 3.2 MB of it here and 1.7 MB in largestMagnitudeExceptTop;
 * now 5.8 MB, same bits (MCC on the run's 37,578 GLCMs 0.95-1.00 of its CPU time, paired, 5 runs; glcm
 * maps within noise). The number of eigenvalues below x is the number of sign changes
 * along the Sturm sequence p_0 = 1, p_i = (d_i - x) p_(i-1) - e_(i-1)^2 p_(i-2) (the leading principal
 * minors of T - x I; Wilkinson, The Algebraic Eigenvalue Problem, 5.37), a p_i of 0 replaced by a tiny
 * negative pivot (see nonzero), rescaled by powers of 2 (exact) to stay in range.
 *
 * Laguerre's iteration on the characteristic polynomial p_n (Wilkinson, chapter 7): with G = p'/p and
 * H = G^2 - p''/p (p, p', p'' by the recurrence and its derivatives, in the same pass as the count),
 * x <- x - n / (G -+ sqrt((n - 1)(n H - G^2))). For a polynomial whose roots are all real (that of a
 * symmetric matrix) the step with - (+) moves towards the nearest root on the right (left) of x without
 * passing it, cubically near it. The count steers it: with k eigenvalues below x, lambda_k is the nearest
 * root on the right; with k + 1, on the left; with another count (or a step out of the bracket the counts
 * keep, count(lo) <= k < count(hi)) the pass bisects instead. The smallest eigenvalue starts from the
 * Gershgorin bound lo, the largest from hi, any other from the midpoint. Converged when the step is below
 * the bisection width (an eighth of eps ||T||, or 2 ulps) or the bracket is that narrow: ~6 passes where
 * bisection to the last bit takes ~55 (brain1's kernel GLCMs). The accuracy is the evaluation's own,
 * eps ||T|| (test/compat/mcc.exact.test.ts measures it against exact values). Multiplications only in the
 * recurrence: the pivot form q_i = p_i / p_(i-1) waits on a division at every step. Measured and not kept
 * (goal-case G matrices): the sign count without branches (1.12-1.15 of the time: the branches predict
 * well); lambda_0 and lambda_(n-2) in one loop, two recurrences in flight, costs 1.4-1.7 passes per pass,
 * more than it saves when 58 % of the matrices need lambda_0 alone; passes of two matrices (consecutive
 * GLCMs) in one loop, the longer finished alone, 1.04-1.08 of the two passes apart (0.86-0.90 for equal n).
 */
function eigenvalue(w: Float64Array, n: number, k: number, knownCount: number): void {
  let lo = bounds[0];
  let hi = bounds[1];
  const absolute = bounds[2];
  const known = bounds[3];
  const e2 = n; // e^2 at w[n + i]
  // count(lo) <= k < count(hi) throughout; x starts at an end with a known count when that suits k.
  let x = k === 0 ? lo : k === n - 1 ? hi : lo + (hi - lo) / 2;
  // Whether x was reached by a Laguerre step (longer than the tolerance) from the previous pass's x, or is
  // the end of the interval beyond which no eigenvalue lies (k = 0 or n - 1): then no other root lies just
  // behind x (see the convergence test).
  let stepped = k === 0 || k === n - 1;
  for (let iteration = 0; iteration < MAX_PASSES; iteration++) {
    if (x <= known && knownCount < k) {
      // count(x) <= count(known) < k (the counts grow with x): the pass would only bisect (as below, with
      // a count < k). For lambda_(n-2) after the count at -lambda_0 (largestMagnitudeExceptTop): 0.47 of
      // its ~7.4 passes on brain1's kernel G matrices.
      if (x !== lo && x !== hi) lo = x;
      if (!open(lo, hi, absolute)) {
        found[0] = lo + (hi - lo) / 2;
        return;
      }
      x = lo + (hi - lo) / 2;
      stepped = false;
      continue;
    }
    let count = 0;
    // (previous, current) minors and their first and second derivatives in x, scaled alike.
    let p0 = 1, p1 = nonzero(w[0] - x, 1), s = 1;
    let q0 = 0, q1 = -1;
    let r0 = 0, r1 = 0;
    for (let i = 1; ; i++) {
      const t = p1 > 0 ? 1 : p1 < 0 ? -1 : -s;
      if (t !== s) count++;
      s = t;
      if (i === n) break;
      const di = w[i] - x;
      const ei = w[e2 + i - 1];
      const nextP = nonzero(di * p1 - ei * p0, p1);
      const nextQ = di * q1 - p1 - ei * q0;
      const nextR = di * r1 - 2 * q1 - ei * r0;
      p0 = p1;
      p1 = nextP;
      q0 = q1;
      q1 = nextQ;
      r0 = r1;
      r1 = nextR;
      // The range checked at every fourth minor only (the check per minor was ~1/7 of the passes' time):
      // between checks the three grow by at most 7^4 < 2^12 (|d_i - x| <= 3 and e^2 <= 2 on the scaled
      // matrix, x in its Gershgorin interval), and shrink by less than 2^-600 unless x lies within 2^-150 of
      // the diagonal of a block decoupled by tiny e (a near-underflow the per-minor check did not prevent
      // either): inside the doubles' range from 2^+-400. Where the scalings fall changes no bit (exact).
      if ((i & 3) !== 0) continue;
      // The count of minors 1..i already decides a bisection (more than k + 1, or fewer than k even if each
      // of the n - i left changed sign): the rest of the pass would change nothing the pass uses (on the
      // goal case's G matrices 140.1 minors per matrix instead of 144.3; same bits).
      if (count > k + 1 || count + (n - i) < k) break;
      const size = Math.max(Math.abs(p1), Math.abs(q1), Math.abs(r1));
      if (!(size < BIG && size > SMALL) && size !== 0) {
        const f = size >= BIG ? 1 / BIG : BIG;
        p0 *= f;
        p1 *= f;
        q0 *= f;
        q1 *= f;
        r0 *= f;
        r1 *= f;
      }
    }
    if (x !== lo && x !== hi) {
      if (count > k) hi = x;
      else lo = x;
    }
    if (!open(lo, hi, absolute)) {
      found[0] = lo + (hi - lo) / 2;
      return;
    }
    // Laguerre's step when lambda_k is the root next to x (k below x: on its right; k + 1: on its left).
    let next = NaN;
    let step = Infinity;
    if (count === k || count === k + 1) {
      const g = q1 / p1;
      const h = g * g - r1 / p1;
      const root = Math.sqrt(Math.max(0, (n - 1) * (n * h - g * g)));
      step = n / (count === k ? g - root : g + root);
      next = x - step;
    }
    const tolerance = Math.max(absolute, 2 * Number.EPSILON * Math.abs(x));
    if (Math.abs(step) <= tolerance) {
      // Converged (a step below an ulp of x leaves `next` = x), or held back by another root just behind x
      // (Laguerre's point is only a bound then): lambda_k lies between x and just past the result when
      // the count there says so (16 widths past: the count's own rounding, eps ||T||, is about 8).
      const result = next > lo && next < hi ? next : x;
      // Held back means a root within about the step of x behind it (the step is then about that
      // distance). After a Laguerre step s > tolerance from x', none is: one between x' and x would show in
      // the counts (the same count at both; or one more, lambda_k itself, crossed by rounding, as the step
      // does not pass it), and one behind x' lies more than |s| away. Likewise nothing lies beyond an end of
      // the interval. The count is skipped then: on brain1's 25,270 kernel G matrices of a feature-map run it
      // never failed there (same bits) and was 1.4 of the 2.4 Sturm counts per matrix.
      if (stepped) {
        found[0] = result;
        return;
      }
      const rightwards = count === k;
      const beyond = rightwards ? result + 16 * tolerance : result - 16 * tolerance;
      if (rightwards ? beyond >= hi : beyond <= lo) {
        found[0] = result;
        return;
      }
      const counted = sturmCount(w, n, beyond);
      if (rightwards ? counted > k : counted <= k) {
        found[0] = result;
        return;
      }
      if (rightwards) lo = beyond;
      else hi = beyond;
      x = lo + (hi - lo) / 2;
      stepped = false;
      continue;
    }
    if (!(next > lo && next < hi)) {
      // No step (another count), or one out of the bracket: bisection.
      x = lo + (hi - lo) / 2;
      stepped = false;
      continue;
    }
    x = next;
    stepped = true;
  }
  // Not reached in practice (cubic convergence; each pass narrows the bracket): bisection to the end.
  while (open(lo, hi, absolute)) {
    const mid = lo + (hi - lo) / 2;
    if (sturmCount(w, n, mid) > k) hi = mid;
    else lo = mid;
  }
  found[0] = lo + (hi - lo) / 2;
}

/** Passes before eigenvalue falls back to plain bisection (Laguerre's convergence is cubic: a handful suffice). */
const MAX_PASSES = 64;

/** Eigenvalues below x of the scaled tridiagonal matrix in w (see eigenvalue). */
function sturmCount(w: Float64Array, n: number, x: number): number {
  let count = 0;
  let p0 = 1, p1 = nonzero(w[0] - x, 1), s = 1;
  for (let i = 1; ; i++) {
    const sign = p1 > 0 ? 1 : p1 < 0 ? -1 : -s;
    if (sign !== s) count++;
    s = sign;
    if (i === n) return count;
    const next = nonzero((w[i] - x) * p1 - w[n + i - 1] * p0, p1);
    p0 = p1;
    p1 = next;
    // The range checked at every fourth minor, as in eigenvalue's passes (see there).
    if ((i & 3) === 0 && !(Math.abs(p1) < BIG && Math.abs(p1) > SMALL) && p1 !== 0) {
      const f = Math.abs(p1) >= BIG ? 1 / BIG : BIG;
      p0 *= f;
      p1 *= f;
    }
  }
}

/**
 * A minor p_i of 0 (x an eigenvalue of the leading i x i block) replaced by -2^-100 p_(i-1) (the pivot
 * p_i / p_(i-1) = -2^-100, as if d_i were 2^-100 ||T|| lower, far below rounding): counted as one more
 * eigenvalue below x, and the sequence goes on. With the 0 itself, an off-diagonal 0 next to it (a
 * reducible T) would make every later minor 0 and the count wrong (T = [1 0 0; 0 1 e; 0 e 1] at x = 1).
 */
function nonzero(p: number, previous: number): number {
  return p !== 0 ? p : previous > 0 ? -TINY * previous : previous < 0 ? TINY * -previous : -TINY;
}
const TINY = 2 ** -100;

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
