/**
 * a b - c d with nearly one rounding (error below 1 ulp of the result plus 2^-104 |a b|), where the plain
 * expression rounds both products first and loses every digit when they nearly cancel. Dekker's exact
 * product: a b = p + e with p = fl(a b) and e exact (Veltkamp's split of each factor into two 26-bit
 * halves, whose partial products are exact); likewise c d = q + f, and p - q = s + g exactly (Knuth's
 * two-sum). Then a b - c d = s + (g + (e - f)), rounded once more at the end. Used for the centred
 * moments N sum k^2 n_k - (sum k n_k)^2 of integer counts (src/features/glcm/stats.ts), which are exact
 * integers: when both products are below 2^53 every step is exact and so is the result.
 * Valid for |a|, |b|, |c|, |d| below 2^995 (the split would overflow) and products above 2^-969.
 */
export function productDifference(a: number, b: number, c: number, d: number): number {
  const p = a * b;
  const q = c * d;
  const s = p - q;
  const z = s - p;
  const g = p - (s - z) + (-q - z);
  return s + (g + (productError(a, b, p) - productError(c, d, q)));
}

/** Veltkamp's splitting constant 2^27 + 1: x = hi + lo with hi and lo of 26 bits or less. */
const SPLIT = 134217729;

/** a b - p exactly, for p = fl(a b) (Dekker). */
function productError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}
