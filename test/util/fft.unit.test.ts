import { describe, expect, test } from 'vitest';
import { fft, fftBatch, fftPlan } from '../../src/util/fft.js';

describe('fftBatch', () => {
  test.each([1, 2, 8, 12, 96, 100, 210, 7 * 11])('fftBatch(plan(%i), 5 interleaved lines) equals fft() on each line bit for bit, forward and inverse', (n) => {
    const count = 5;
    const plan = fftPlan(n);
    const re = Float64Array.from({ length: n * count }, (_, i) => Math.sin(i * 0.7) * 3);
    const im = Float64Array.from({ length: n * count }, (_, i) => Math.cos(i * 1.3));
    for (const inverse of [false, true]) {
      const bRe = re.slice();
      const bIm = im.slice();
      fftBatch(plan, bRe, bIm, count, new Float64Array(n * count), new Float64Array(n * count), inverse);
      for (let b = 0; b < count; b++) {
        const lr = Float64Array.from({ length: n }, (_, t) => re[t * count + b]);
        const li = Float64Array.from({ length: n }, (_, t) => im[t * count + b]);
        fft(plan, lr, li, inverse);
        expect(Array.from({ length: n }, (_, t) => bRe[t * count + b])).toEqual(Array.from(lr));
        expect(Array.from({ length: n }, (_, t) => bIm[t * count + b])).toEqual(Array.from(li));
      }
    }
  });
});
