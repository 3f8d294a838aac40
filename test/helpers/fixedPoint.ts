/**
 * Fixed-point numbers for the exactness tests' oracles: an exact value is a BigInt x = value x 2^F
 * (F = FRACTION_BITS fraction bits), computed from the definitions with integer arithmetic, and a double is
 * compared with it in ulps (test/compat/mccOracle.ts, test/features/glcm.*.exact.test.ts).
 */

/** Bits after the binary point of the fixed-point values. */
export const FRACTION_BITS = 100n;

const F = FRACTION_BITS;
/** Working precision of log2Fixed's squarings: each one doubles the relative error, so 2F plus guard bits. */
const P = 2n * F + 64n;

/** The double `value` in fixed point (x 2^FRACTION_BITS), exactly when it has no bit below 2^-FRACTION_BITS. */
export function toFixed(value: number): bigint {
  let v = value;
  let e = 0n;
  // Doubling is exact: after e doublings v is an integer, value = v / 2^e.
  while (!Number.isInteger(v)) {
    v *= 2;
    e++;
  }
  return e <= F ? BigInt(v) << (F - e) : BigInt(v) >> (e - F);
}

/** log2(N) x 2^F, within one unit (N a positive integer): the integer part from the bit length, then one fraction bit per squaring of the mantissa in [1, 2). */
export function log2Fixed(value: bigint): bigint {
  const e = BigInt(value.toString(2).length - 1);
  let y = e >= P ? value >> (e - P) : value << (P - e);
  let result = e << F;
  const two = 2n << P;
  for (let bit = F - 1n; bit >= 0n; bit--) {
    y = (y * y) >> P;
    if (y >= two) {
      y >>= 1n;
      result |= 1n << bit;
    }
  }
  return result;
}

/** |value - exact| in ulps of the exact value (exact x 2^F, not 0): 2^(floor(log2 |exact|) - 52) each. */
export function ulps(value: number, exact: bigint): number {
  const magnitude = exact < 0n ? -exact : exact;
  const exponent = magnitude.toString(2).length - 1 - Number(F); // floor(log2 |exact value|)
  const diff = toFixed(value) - exact;
  return Number(diff < 0n ? -diff : diff) / 2 ** (Number(F) + exponent - 52);
}
