/**
 * MatrixScratch's entropy terms: p = c / N and p log2 p for the counts of a matrix, kept per whole N
 * below 4096 (for the scratch's lifetime) or per matrix (other N), always the bits of the direct
 * expression, whatever the order in which matrices of small, large and fractional N come.
 */
import { describe, expect, test } from 'vitest';
import { MatrixScratch } from '../../src/features/matrixScratch.js';
import { rng } from '../helpers/random.js';

const bits = (x: number) => {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  return b.getBigUint64(0);
};

describe('MatrixScratch.startMatrix(N), probability(c), entropyTerm(c)', () => {
  test('give c / N and p log2 p bit for bit, over matrices of N below and above 4096 and fractional N, interleaved', () => {
    const random = rng(17);
    const scratch = new MatrixScratch();
    const totals = [1, 2, 3, 50, 125, 4095, 4096, 4097, 10_000, 123.5, 2.25, 50, 125, 3, 4097, 1, 300_000];
    let checked = 0;
    for (let round = 0; round < 30; round++) {
      for (const total of totals) {
        scratch.startMatrix(total);
        for (let k = 0; k < 40; k++) {
          // Whole counts below 64 (kept), above (computed each time), fractional ones (weighted matrices).
          const c = k % 5 === 4 ? 0.5 + random() * 80 : 1 + Math.floor(random() * Math.min(total, k % 3 === 0 ? 200 : 8));
          const p = c / total;
          // Asked in both orders, so that either may fill the memo first.
          if (k % 2 === 0) {
            expect(bits(scratch.entropyTerm(c))).toBe(bits(p * Math.log2(p)));
            expect(bits(scratch.probability(c))).toBe(bits(p));
          } else {
            expect(bits(scratch.probability(c))).toBe(bits(p));
            expect(bits(scratch.entropyTerm(c))).toBe(bits(p * Math.log2(p)));
          }
          checked++;
        }
      }
    }
    expect(checked).toBe(30 * totals.length * 40);
  });
});

describe('MatrixScratch.int32(slot, n), float64(slot, n)', () => {
  test('hand out n zeroed entries of one buffer per slot, whatever the order of lengths, as the buffer grows', () => {
    const random = rng(29);
    const scratch = new MatrixScratch();
    // Lengths below and above the kept views (4096), repeated, growing and shrinking.
    const lengths = [0, 1, 16, 5, 125, 16, 1, 3000, 125, 5000, 4095, 4096, 17, 9000, 5, 0, 125];
    for (let round = 0; round < 3; round++) {
      for (const n of lengths) {
        const a = scratch.int32('labels', n);
        const b = scratch.float64('matrix', n);
        expect(a.length).toBe(n);
        expect(b.length).toBe(n);
        expect(a.every((x) => x === 0)).toBe(true);
        expect(b.every((x) => x === 0)).toBe(true);
        // Dirty them, so that the next call must zero what it hands out.
        for (let k = 0; k < n; k++) {
          a[k] = 1 + Math.floor(random() * 100);
          b[k] = random() - 0.5;
        }
      }
    }
    // Views of one slot share its buffer; other slots do not.
    const x = scratch.int32('parent', 20);
    const y = scratch.int32('parent', 10);
    expect(y.buffer).toBe(x.buffer);
    expect(scratch.int32('levelOf', 10).buffer).not.toBe(x.buffer);
  });
});

describe('MatrixScratch.int32ToOverwrite(slot, n), float64ToOverwrite(slot, n)', () => {
  test('hand out n entries of the same buffer as int32 / float64, as they were left (not zeroed)', () => {
    const scratch = new MatrixScratch();
    for (const n of [5, 125, 3000, 5000, 125]) {
      const a = scratch.int32('ranks', n);
      const b = scratch.float64('sorted', n);
      a.fill(7);
      b.fill(0.25);
      const a2 = scratch.int32ToOverwrite('ranks', n);
      const b2 = scratch.float64ToOverwrite('sorted', n);
      expect(a2.length).toBe(n);
      expect(b2.length).toBe(n);
      expect(a2.buffer).toBe(a.buffer);
      expect(b2.buffer).toBe(b.buffer);
      expect(a2.every((x) => x === 7)).toBe(true);
      expect(b2.every((x) => x === 0.25)).toBe(true);
      // The zeroing accessor still zeroes what the other left.
      expect(scratch.int32('ranks', n).every((x) => x === 0)).toBe(true);
    }
    // A first request (or one past the buffer) gets a new, zero-filled buffer.
    expect(scratch.float64ToOverwrite('histogram', 40).every((x) => x === 0)).toBe(true);
  });
});
