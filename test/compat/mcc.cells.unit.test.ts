/**
 * symmetricGlcmMcc (MCC from glcmStats' row sums and non-zero cells) against maximalCorrelationCoefficient
 * on the whole matrix: the same bits on random sparse symmetric count matrices, with absent levels (zero
 * rows), split and bipartite level graphs, single levels and empty matrices. And its MCC = 1 shortcut (a
 * split or bipartite level graph) against a breadth-first 2-colouring, for n below and above 32 (one word of
 * neighbour bits, or the union-find).
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
      const { rows, cells, count } = rowSumsAndCells(counts, n, false);
      const expected = maximalCorrelationCoefficient(counts, n);
      const got = symmetricGlcmMcc(counts, n, rows, cells, count);
      expect(Object.is(got, expected) || got === expected).toBe(true);
      if (expected > 0 && expected < 1) solved++;
    }
    expect(solved).toBeGreaterThan(500);
  });

  test('is exactly 1 when, and only when, the level graph is split or bipartite', () => {
    const random = rng(2213);
    let shortcuts = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const n = 2 + Math.floor(random() * 44);
      const counts = new Float64Array(n * n);
      const density = [0.02, 0.06, 0.15][trial % 3];
      for (let i = 0; i < n; i++) {
        for (let k = 0; k <= i; k++) {
          if (random() >= density) continue;
          if (trial % 4 < 2 && (i + k) % 2 === 0) continue;
          const c = 1 + Math.floor(random() * 20);
          counts[i * n + k] += c;
          counts[k * n + i] += c;
        }
      }
      const { rows, cells, count } = rowSumsAndCells(counts, n, true);
      const present = Array.from({ length: n }, (_, i) => i).filter((i) => rows[i] > 0);
      if (present.length < 2) continue;
      const got = symmetricGlcmMcc(counts, n, rows, cells, count);
      if (splitOrBipartite(counts, n, present)) {
        expect(got).toBe(1);
        shortcuts++;
      } else expect(got).toBeLessThan(1);
    }
    expect(shortcuts).toBeGreaterThan(400);
  });
});

/** Whether the graph of the present levels, i and k joined when c(i, k) > 0, is split or 2-colourable (breadth first). */
function splitOrBipartite(counts: Float64Array, n: number, present: number[]): boolean {
  const colour = new Int8Array(n).fill(-1);
  colour[present[0]] = 0;
  const queue = [present[0]];
  let bipartite = true;
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head];
    for (let k = 0; k < n; k++) {
      if (counts[i * n + k] === 0) continue;
      if (colour[k] === -1) {
        colour[k] = 1 - colour[i];
        queue.push(k);
      } else if (colour[k] === colour[i]) bipartite = false;
    }
  }
  return queue.length < present.length || bipartite;
}

/** A symmetric GLCM's row sums and its non-zero cells (flat indices i n + k, row-major; its lower triangle alone when `lower`), as glcmStats hands them to symmetricGlcmMcc. */
function rowSumsAndCells(counts: Float64Array, n: number, lower: boolean): { rows: Float64Array; cells: Int32Array; count: number } {
  const rows = new Float64Array(n);
  const cells = new Int32Array(n * n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const c = counts[i * n + k];
      rows[i] += c;
      if (c !== 0 && (!lower || k <= i)) cells[count++] = i * n + k;
    }
  }
  return { rows, cells, count };
}
