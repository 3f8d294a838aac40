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

  test.each([12, 96, 100, 7 * 11])('fftBatch with a row stride (3 of 8 columns at a time) equals the compact batch bit for bit, and leaves the other columns alone', (n) => {
    const width = 8;
    const re = Float64Array.from({ length: n * width }, (_, i) => Math.sin(i * 0.37) * 5);
    const im = Float64Array.from({ length: n * width }, (_, i) => Math.cos(i * 0.91));
    const plan = fftPlan(n);
    for (const inverse of [false, true]) {
      const cRe = re.slice();
      const cIm = im.slice();
      fftBatch(plan, cRe, cIm, width, new Float64Array(n * width), new Float64Array(n * width), inverse);
      const sRe = re.slice();
      const sIm = im.slice();
      for (let b0 = 0; b0 < width; b0 += 3) {
        const count = Math.min(3, width - b0);
        fftBatch(plan, sRe.subarray(b0), sIm.subarray(b0), count, new Float64Array(n * count), new Float64Array(n * count), inverse, width);
      }
      expect(Array.from(sRe)).toEqual(Array.from(cRe));
      expect(Array.from(sIm)).toEqual(Array.from(cIm));
    }
  });

  test.each([2, 8, 16, 64, 96, 200, 256, 512, 7 * 11])('fft(plan(%i)) equals the naive DFT to 1e-13 relative, forward and inverse', (n) => {
    const re = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.61) * 4 + (i % 3));
    const im = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.23) - (i % 5) / 2);
    let scale = 0;
    for (let i = 0; i < n; i++) scale += Math.hypot(re[i], im[i]);
    for (const inverse of [false, true]) {
      const fr = re.slice();
      const fi = im.slice();
      fft(fftPlan(n), fr, fi, inverse);
      const sign = inverse ? 1 : -1;
      for (let k = 0; k < n; k++) {
        let ar = 0;
        let ai = 0;
        for (let j = 0; j < n; j++) {
          const angle = (sign * 2 * Math.PI * ((j * k) % n)) / n;
          ar += re[j] * Math.cos(angle) - im[j] * Math.sin(angle);
          ai += re[j] * Math.sin(angle) + im[j] * Math.cos(angle);
        }
        expect(Math.abs(fr[k] - ar) / scale).toBeLessThan(1e-13);
        expect(Math.abs(fi[k] - ai) / scale).toBeLessThan(1e-13);
      }
    }
  });
});
