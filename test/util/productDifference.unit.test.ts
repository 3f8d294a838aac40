import { describe, expect, test } from 'vitest';
import { productDifference } from '../../src/util/productDifference.js';
import { rng } from '../helpers/random.js';

/** The exact a b - c d of doubles, rounded to the nearest double through BigInt (every double is m 2^e). */
function exactRounded(a: number, b: number, c: number, d: number): number {
  const scale = 2n ** 1100n;
  const big = (x: number) => {
    // x = m / 2^e with m an integer: double until whole.
    let e = 0n;
    while (!Number.isInteger(x)) {
      x *= 2;
      e++;
    }
    return (BigInt(x) * scale) >> e;
  };
  const diff = (big(a) * big(b) - big(c) * big(d)) / scale;
  // diff / scale as a double: Number() of a BigInt rounds to nearest; scale back in two exact halvings.
  return Number(diff >> 550n) / 2 ** 550;
}

describe('productDifference(a, b, c, d) = a b - c d', () => {
  test('productDifference(N, sum k^2 n, sum k n, sum k n) of whole numbers over 2^53 is exact, where a b - c d loses it', () => {
    // N = 3e6 pairs, levels near 58: N sum k^2 n_k and (sum k n_k)^2 are near 3e16 (over 2^53), their
    // difference (N^2 times a small variance) 780134; the rounded products give 780136.
    const [a, b, c, d] = [3_000_001, 9_999_996_695, 173_205_081, 173_205_081];
    expect(productDifference(a, b, c, d)).toBe(780134);
    expect(a * b - c * d).toBe(780136);
  });

  test('productDifference(x, x, x, x) is 0 and productDifference of exact products is their difference', () => {
    expect(productDifference(0.1, 0.1, 0.1, 0.1)).toBe(0);
    expect(productDifference(3, 4, 2, 5)).toBe(2);
  });

  test('productDifference of random doubles, nearly cancelling, is within 1 ulp of the rounded exact value', () => {
    const random = rng(7);
    for (let i = 0; i < 2000; i++) {
      const a = random() * 1e6;
      const b = random() * 1e6;
      const c = a * (1 + (random() - 0.5) * 1e-9);
      const d = (a * b) / c;
      const exact = exactRounded(a, b, c, d);
      const ulp = exact === 0 ? Number.MIN_VALUE : 2 ** (Math.floor(Math.log2(Math.abs(exact))) - 52);
      expect(Math.abs(productDifference(a, b, c, d) - exact)).toBeLessThanOrEqual(ulp);
    }
  });
});
