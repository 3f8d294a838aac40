/**
 * The exact maximal correlation coefficient of a count matrix, for the exactness tests (rational
 * arithmetic with BigInt; slow, meant for a few dozen matrices).
 *
 * With counts c (n x n), row sums r and column sums y, Q(i, j) = sum_k c_ik c_jk / (r_i y_k) (the totals
 * cancel). Over the rows with r_i > 0, Q = R^-1 B with B(i, j) = sum_k c_ik c_jk / y_k symmetric, so the
 * eigenvalues of Q are those of the symmetric-definite pencil (L B, L R), L = lcm(y_k), all integers. The
 * number of eigenvalues below x = a / b is the number of negative eigenvalues of b L B - a L R
 * (Sylvester's law of inertia, as R^-1/2 (B - x R) R^-1/2 = R^-1/2 B R^-1/2 - x I), read from the signs of
 * its leading principal minors (Bareiss' fraction-free elimination: exact integers). lambda_2 is bracketed
 * by bisection on that count; MCC = sqrt(lambda_2) to 2^-FRACTION_BITS by an integer square root.
 */

import { FRACTION_BITS, toFixed } from '../helpers/fixedPoint.js';

/** lambda_2 is bracketed to 2^-LAMBDA_BITS (the MCC is given to 2^-FRACTION_BITS, test/helpers/fixedPoint.ts). */
const LAMBDA_BITS = 130n;

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

/** floor(sqrt(v)): Newton's iteration from above (2^ceil(bits / 2) >= sqrt(v)) decreases to it. */
function isqrt(v: bigint): bigint {
  if (v < 2n) return v;
  let x = 1n << BigInt(Math.ceil(v.toString(2).length / 2));
  for (;;) {
    const y = (x + v / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Leading principal minors of the symmetric integer matrix a (m x m) by Bareiss' fraction-free elimination (exact); a zero minor ends the list early. */
function leadingMinors(a: readonly bigint[], m: number): bigint[] {
  const w = a.slice();
  const minors: bigint[] = [];
  let previous = 1n;
  for (let k = 0; k < m; k++) {
    const pivot = w[k * m + k];
    minors.push(pivot);
    if (pivot === 0n) return minors;
    for (let i = k + 1; i < m; i++) for (let j = k + 1; j < m; j++) w[i * m + j] = (pivot * w[i * m + j] - w[i * m + k] * w[k * m + j]) / previous;
    previous = pivot;
  }
  return minors;
}

/** Number of negative eigenvalues of a (m x m, symmetric, integer): sign changes along 1, D_1, ..., D_m; null when a minor is 0. */
function negativeCount(a: readonly bigint[], m: number): number | null {
  const minors = leadingMinors(a, m);
  if (minors.includes(0n)) return null;
  let sign = 1n;
  let negatives = 0;
  for (const d of minors) {
    const s = d > 0n ? 1n : -1n;
    if (s !== sign) negatives++;
    sign = s;
  }
  return negatives;
}

/**
 * The exact MCC of `counts` (n x n) in fixed point (value x 2^FRACTION_BITS, within one unit), or null for
 * an empty matrix. `estimate` (a double MCC) only places the first bracket: the bracket is checked with
 * exact eigenvalue counts, and lambda_2 is then bisected on the sign of the characteristic polynomial
 * det(L B - x L R), exact from its values at x = 0..m (Newton's forward differences).
 */
export function exactMcc(counts: ArrayLike<number>, n: number, estimate: number): bigint | null {
  if (n < 2) return 1n << FRACTION_BITS;
  const c = Array.from(counts, (v) => BigInt(v));
  const rows: bigint[] = [];
  const cols: bigint[] = new Array(n).fill(0n);
  for (let i = 0; i < n; i++) {
    let r = 0n;
    for (let k = 0; k < n; k++) {
      r += c[i * n + k];
      cols[k] += c[i * n + k];
    }
    rows.push(r);
  }
  const present = rows.flatMap((r, i) => (r > 0n ? [i] : []));
  const m = present.length;
  if (m === 0) return null;
  if (m === 1) return 0n;
  let lcm = 1n;
  for (const y of cols) if (y > 0n) lcm = (lcm / gcd(lcm, y)) * y;
  const b: bigint[] = [];
  for (const i of present)
    for (const j of present) {
      let sum = 0n;
      for (let k = 0; k < n; k++) if (cols[k] > 0n) sum += c[i * n + k] * c[j * n + k] * (lcm / cols[k]);
      b.push(sum);
    }
  const r = present.map((i) => rows[i] * lcm);
  /** b 2^s - num R: the pencil at x = num / 2^s, scaled to integers. */
  const pencil = (num: bigint, s: bigint) => b.map((v, k) => (v << s) - (k % (m + 1) === 0 ? num * r[k / (m + 1)] : 0n));
  // Eigenvalues below num / 2^s; a zero leading minor is stepped around by 2^-(s + t) (t = 1, 2, ...).
  const below = (num: bigint, s: bigint): number => {
    for (let t = 0n; ; t++) {
      const count = negativeCount(pencil((num << t) + (t === 0n ? 0n : 1n), s + t), m);
      if (count !== null) return count;
    }
  };
  const scale = LAMBDA_BITS;
  const guess = BigInt(Math.round(estimate * estimate * 2 ** 50)) << (scale - 50n);
  let width = 1n << (scale - 40n);
  let lo = guess - width;
  let hi = guess + width;
  while (below(lo, scale) > m - 2) lo -= width *= 2n;
  while (below(hi, scale) <= m - 2) hi += width *= 2n;
  if (below(hi, scale) - below(lo, scale) === 1) {
    // One eigenvalue, lambda_2, in (lo, hi): a simple root of p(x) = det(B - x R), so p changes sign there.
    // p from its values at 0..m: p(x) = sum_k D^k p(0) C(x, k); at x = a / 2^s, times 2^(s m) m! (an integer
    // of the same sign): sum_k D^k p(0) (m! / k!) prod_{i<k} (a - i 2^s) 2^(s (m - k)).
    let diffs: bigint[] = [];
    for (let x = 0; x <= m; x++) diffs.push(leadingMinors(pencil(BigInt(x), 0n), m)[m - 1] ?? 0n);
    const forward: bigint[] = [];
    while (diffs.length > 0) {
      forward.push(diffs[0]);
      diffs = diffs.slice(1).map((v, i) => v - diffs[i]);
    }
    const factorial = (k: number) => Array.from({ length: k }, (_, i) => BigInt(i + 1)).reduce((p, v) => p * v, 1n);
    const sign = (a: bigint): number => {
      let sum = 0n;
      let product = 1n;
      for (let k = 0; k <= m; k++) {
        sum += forward[k] * (factorial(m) / factorial(k)) * product * (1n << (scale * BigInt(m - k)));
        product *= a - (BigInt(k) << scale);
      }
      return sum > 0n ? 1 : sum < 0n ? -1 : 0;
    };
    const atLo = sign(lo);
    while (hi - lo > 1n) {
      const mid = (lo + hi) >> 1n;
      const s = sign(mid);
      if (s === 0) {
        lo = hi = mid;
        break;
      }
      if (s === atLo) lo = mid;
      else hi = mid;
    }
  } else {
    // A multiple eigenvalue (or a cluster) at lambda_2: bisect on the counts, slower.
    if (lo < 0n) lo = -1n;
    while (hi - lo > 1n) {
      const mid = (lo + hi) >> 1n;
      if (below(mid, scale) > m - 2) hi = mid;
      else lo = mid;
    }
  }
  return isqrt((hi < 0n ? 0n : hi) << (2n * FRACTION_BITS - LAMBDA_BITS));
}

/** |value - exact| in units of 2^-53 (half the eps, the ulp of a value in [0.5, 1); MCC lies in [0, 1]). */
export function errorUnits(value: number, exact: bigint): number {
  const fixed = toFixed(value);
  const diff = fixed > exact ? fixed - exact : exact - fixed;
  return Number(diff) / 2 ** (Number(FRACTION_BITS) - 53);
}
