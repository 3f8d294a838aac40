/**
 * symmetricGlcmMcc (MCC from glcmStats' row sums and non-zero cells) against maximalCorrelationCoefficient
 * on the whole matrix: the same bits on random sparse symmetric count matrices, with absent levels (zero
 * rows), split and bipartite level graphs, single levels and empty matrices.
 */
import { describe, expect, test } from 'vitest';
import { maximalCorrelationCoefficient, symmetricGlcmMcc } from '../../src/compat/mcc.js';
import { rng } from '../helpers/random.js';

describe('symmetricGlcmMcc(counts, n, rowSums, cells, count)', () => {
  test('equals maximalCorrelationCoefficient(counts, n) bit for bit', () => {
    const random = rng(2207);
    let solved = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const n = 1 + Math.floor(random() * 24);
      const counts = new Float64Array(n * n);
      const density = [0.05, 0.15, 0.4, 1][trial % 4];
      const absent = new Set(Array.from({ length: Math.floor(random() * 3) }, () => Math.floor(random() * n)));
      for (let i = 0; i < n; i++) {
        for (let k = 0; k <= i; k++) {
          if (absent.has(i) || absent.has(k) || random() >= density) continue;
          // Bipartite graphs too: only cells of odd i + k in a quarter of the trials.
          if (trial % 8 < 2 && (i + k) % 2 === 0) continue;
          const c = 1 + Math.floor(random() * (trial % 3 === 0 ? 3 : 40));
          counts[i * n + k] += c;
          counts[k * n + i] += c;
        }
      }
      const rows = new Float64Array(n);
      const cells = new Int32Array(n * n);
      let count = 0;
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < n; k++) {
          const c = counts[i * n + k];
          if (c === 0) continue;
          rows[i] += c;
          cells[count++] = i * n + k;
        }
      }
      const expected = maximalCorrelationCoefficient(counts, n);
      const got = symmetricGlcmMcc(counts, n, rows, cells, count);
      expect(Object.is(got, expected) || got === expected).toBe(true);
      if (expected > 0 && expected < 1) solved++;
    }
    expect(solved).toBeGreaterThan(500);
  });
});
