import { describe, expect, test } from 'vitest';
import { BLUESTEIN_MIN_PRIME, fft, fftBatch, fftPlan } from '../../src/util/fft.js';

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

  test.each([
    [256, 127],
    [216, 103],
    [108, 53],
    [54, 27],
    [100, 49],
    [8, 1],
    [16, 11],
    [125, 61],
    [135, 68],
    [2 * 97, 90],
  ])('fftBatch(plan(%i), inputRows %i) on zero-padded lines equals the full transform bit for bit, whatever the padding rows hold', (n, rows) => {
    const count = 3;
    const stride = 4;
    const plan = fftPlan(n);
    const re = new Float64Array(n * stride);
    const im = new Float64Array(n * stride);
    for (let t = 0; t < rows; t++) {
      for (let b = 0; b < count; b++) {
        re[t * stride + b] = Math.sin(t * 0.7 + b) * 3;
        im[t * stride + b] = b === 1 ? 0 : Math.cos(t * 1.3 - b);
      }
    }
    const full = [re.slice(), im.slice()];
    fftBatch(plan, full[0], full[1], count, new Float64Array(n * count), new Float64Array(n * count), false, stride);
    const pruned = [re.slice(), im.slice()];
    // Garbage in the padding rows: the pruned transform must not read it.
    for (let t = rows; t < n; t++) for (let b = 0; b < count; b++) pruned[0][t * stride + b] = pruned[1][t * stride + b] = 1e300 * (t + b);
    fftBatch(plan, pruned[0], pruned[1], count, new Float64Array(n * count), new Float64Array(n * count), false, stride, rows);
    // Equal as numbers (a zero's sign may differ: adding a zero is left out).
    for (let t = 0; t < n; t++) {
      for (let b = 0; b < count; b++) {
        expect(pruned[0][t * stride + b] === full[0][t * stride + b]).toBe(true);
        expect(pruned[1][t * stride + b] === full[1][t * stride + b]).toBe(true);
      }
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

  test.each([31 * 2, 97, 197, 2 * 211, 3 * 101])('fftBatch(plan(%i)) with a Bluestein stage equals fft() on each line bit for bit', (n) => {
    const count = 3;
    const plan = fftPlan(n);
    expect(plan.primeDfts.some((d) => d?.kind === 'bluestein')).toBe(true);
    const re = Float64Array.from({ length: n * count }, (_, i) => Math.sin(i * 0.7) * 3);
    const im = Float64Array.from({ length: n * count }, (_, i) => Math.cos(i * 1.3));
    fftBatch(plan, re, im, count, new Float64Array(n * count), new Float64Array(n * count));
    const lr = Float64Array.from({ length: n }, (_, t) => Math.sin((t * count + 1) * 0.7) * 3);
    const li = Float64Array.from({ length: n }, (_, t) => Math.cos((t * count + 1) * 1.3));
    fft(plan, lr, li);
    expect(Array.from({ length: n }, (_, t) => re[t * count + 1])).toEqual(Array.from(lr));
    expect(Array.from({ length: n }, (_, t) => im[t * count + 1])).toEqual(Array.from(li));
  });
});

describe('fft of every length', () => {
  /** The DFT by its definition, in float64, with the n roots of unity tabulated (index (j k) mod n). */
  function directDft(re: Float64Array, im: Float64Array, inverse: boolean): [Float64Array, Float64Array] {
    const n = re.length;
    const sign = inverse ? 1 : -1;
    const c = Float64Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * j) / n));
    const s = Float64Array.from({ length: n }, (_, j) => sign * Math.sin((2 * Math.PI * j) / n));
    const outRe = new Float64Array(n);
    const outIm = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let ar = 0;
      let ai = 0;
      for (let j = 0; j < n; j++) {
        const w = (j * k) % n;
        ar += re[j] * c[w] - im[j] * s[w];
        ai += re[j] * s[w] + im[j] * c[w];
      }
      outRe[k] = ar;
      outIm[k] = ai;
    }
    return [outRe, outIm];
  }

  test('fft(plan(n)) equals the direct DFT to 1e-13 of sum |x| for every n = 1 .. 512, forward and inverse', () => {
    let worst = 0;
    for (let n = 1; n <= 512; n++) {
      const re = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.61 + n) * 4 + (i % 3));
      const im = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.23 - n) - (i % 5) / 2);
      let scale = 0;
      for (let i = 0; i < n; i++) scale += Math.hypot(re[i], im[i]);
      const plan = fftPlan(n);
      for (const inverse of [false, true]) {
        const fr = re.slice();
        const fi = im.slice();
        fft(plan, fr, fi, inverse);
        const [dr, di] = directDft(re, im, inverse);
        for (let k = 0; k < n; k++) worst = Math.max(worst, Math.abs(fr[k] - dr[k]) / scale, Math.abs(fi[k] - di[k]) / scale);
        if (!(worst < 1e-13)) throw new Error(`n = ${n}, inverse ${inverse}: relative error ${worst}`);
      }
    }
    expect(worst).toBeLessThan(1e-13);
  });

  test(`primes from ${BLUESTEIN_MIN_PRIME} use Bluestein's convolution, smaller ones the direct sum; every plan's stages are O(n log n) in size`, () => {
    expect(fftPlan(29).primeDfts[0]?.kind).toBe('direct');
    expect(fftPlan(BLUESTEIN_MIN_PRIME).primeDfts[0]?.kind).toBe('bluestein');
    const p197 = fftPlan(197).primeDfts[0];
    expect(p197?.kind === 'bluestein' && p197.m).toBe(400); // the smallest 2^a 3^b 5^c >= 2 * 197 - 1
    expect(fftPlan(4 * 3 * 5).primeDfts.every((d) => d === null)).toBe(true);
  });
});

