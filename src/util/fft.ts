/**
 * Complex FFT of any length in O(n log n): a mixed-radix Stockham autosort (decimation in time; Van Loan,
 * "Computational Frameworks for the FFT", 1992, section 1.7) with stages of radix 2, 3, 4 and 5, and for
 * any other prime factor p a stage whose length-p DFTs are direct sums (p < BLUESTEIN_MIN_PRIME, where
 * p^2 is cheap) or Bluestein's chirp-z convolution (Bluestein 1970; Rabiner, Schafer & Rader 1969): the
 * DFT of length p as a cyclic convolution of length m >= 2p - 1, m with factors 2, 3 and 5 only, done by
 * this same FFT. Real and imaginary parts live in separate Float64Arrays. Twiddles and chirps are
 * precomputed per plan with Math.cos/Math.sin of exactly reduced angles (no recurrences), so the result is
 * deterministic and accurate to a few ulps times log n.
 */

export interface FftPlan {
  readonly n: number;
  readonly radices: readonly number[];
  /** Per stage: cos and sin of -2 pi t k / (span r) for t < r, k < span, laid out [k * r + t]. */
  readonly twRe: readonly Float64Array[];
  readonly twIm: readonly Float64Array[];
  /** Scratch buffers of length n. */
  readonly bufRe: Float64Array;
  readonly bufIm: Float64Array;
  /** Scratch for one butterfly (length of the largest radix). */
  readonly vRe: Float64Array;
  readonly vIm: Float64Array;
  /** Per stage: how its length-r DFTs are computed when r is a prime >= 7 (null for radix 2, 3, 4, 5). */
  readonly primeDfts: readonly (PrimeDft | null)[];
}

/**
 * The DFT of a prime length p >= 7. 'direct': the p roots of unity, cos and sin of -2 pi j / p for
 * j < p, the butterfly summing x_t w^((q t) mod p). 'bluestein': with q t = (q^2 + t^2 - (q - t)^2) / 2,
 * X_q = c_q^* sum_t (x_t c_t^*) c_(q-t) for the chirp c_k = exp(i pi k^2 / p): a cyclic convolution of
 * length m (zero-padded, the chirp wrapped to m - k), by an FFT of length m whose plan this holds with the
 * transform of the wrapped chirp, scaled by 1 / m.
 */
export type PrimeDft =
  | { readonly kind: 'direct'; readonly cos: Float64Array; readonly sin: Float64Array }
  | {
      readonly kind: 'bluestein';
      readonly m: number;
      readonly plan: FftPlan;
      /** c_k^* = exp(-i pi k^2 / p), k < p. */
      readonly chirpRe: Float64Array;
      readonly chirpIm: Float64Array;
      /** FFT of the wrapped chirp c_k (k < p, and at m - k for 0 < k < p), divided by m. */
      readonly filterRe: Float64Array;
      readonly filterIm: Float64Array;
    };

/**
 * Primes from this one up use Bluestein's convolution: two FFTs of length m >= 2p - 1 cost less than the
 * p^2 complex products of the direct sum from about here on (measured on one length-p transform, this
 * 2-core machine, noisy: p = 29 direct 3.6 us, Bluestein 3.7; p = 31 4.1 vs 3.7; p = 37 5.4 vs 4.9;
 * p = 97 31 vs 12; p = 401 520 vs 66).
 */
export const BLUESTEIN_MIN_PRIME = 31;

/** Smallest integer >= n whose prime factors are 2, 3 and 5 only. */
export function nextSmooth(n: number): number {
  for (let m = Math.max(1, n); ; m++) {
    let r = m;
    for (const p of [2, 3, 5]) while (r % p === 0) r /= p;
    if (r === 1) return m;
  }
}

function factorise(n: number): number[] {
  const out: number[] = [];
  let r = n;
  while (r % 4 === 0) {
    out.push(4);
    r /= 4;
  }
  for (const p of [2, 3, 5]) {
    while (r % p === 0) {
      out.push(p);
      r /= p;
    }
  }
  for (let p = 7; r > 1; p += 2) {
    while (r % p === 0) {
      out.push(p);
      r /= p;
    }
  }
  return out;
}

export function fftPlan(n: number): FftPlan {
  const radices = factorise(n);
  const twRe: Float64Array[] = [];
  const twIm: Float64Array[] = [];
  let span = 1;
  for (const r of radices) {
    const re = new Float64Array(span * r);
    const im = new Float64Array(span * r);
    for (let k = 0; k < span; k++) {
      for (let t = 0; t < r; t++) {
        const angle = (-2 * Math.PI * t * k) / (span * r);
        re[k * r + t] = Math.cos(angle);
        im[k * r + t] = Math.sin(angle);
      }
    }
    twRe.push(re);
    twIm.push(im);
    span *= r;
  }
  const maxRadix = Math.max(8, ...radices);
  const primeDfts = radices.map((r) => (r >= 7 ? primeDft(r) : null));
  return { n, radices, twRe, twIm, bufRe: new Float64Array(n), bufIm: new Float64Array(n), vRe: new Float64Array(maxRadix), vIm: new Float64Array(maxRadix), primeDfts };
}

function primeDft(p: number): PrimeDft {
  if (p < BLUESTEIN_MIN_PRIME) {
    const cos = new Float64Array(p);
    const sin = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      const angle = (-2 * Math.PI * j) / p;
      cos[j] = Math.cos(angle);
      sin[j] = Math.sin(angle);
    }
    return { kind: 'direct', cos, sin };
  }
  const m = nextSmooth(2 * p - 1);
  const chirpRe = new Float64Array(p);
  const chirpIm = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    // k^2 reduced mod 2p first: exp(i pi k^2 / p) has period 2p in k^2, and a small angle keeps cos/sin exact to an ulp.
    const angle = (Math.PI * ((k * k) % (2 * p))) / p;
    chirpRe[k] = Math.cos(angle);
    chirpIm[k] = -Math.sin(angle);
  }
  const plan = fftPlan(m);
  const filterRe = new Float64Array(m);
  const filterIm = new Float64Array(m);
  for (let k = 0; k < p; k++) {
    filterRe[k] = chirpRe[k];
    filterIm[k] = -chirpIm[k];
    if (k > 0) {
      filterRe[m - k] = chirpRe[k];
      filterIm[m - k] = -chirpIm[k];
    }
  }
  fft(plan, filterRe, filterIm);
  for (let k = 0; k < m; k++) {
    filterRe[k] /= m;
    filterIm[k] /= m;
  }
  return { kind: 'bluestein', m, plan, chirpRe, chirpIm, filterRe, filterIm };
}

const C3 = -0.5;
const S3 = Math.sqrt(3) / 2;
const C51 = Math.cos((2 * Math.PI) / 5);
const C52 = Math.cos((4 * Math.PI) / 5);
const S51 = Math.sin((2 * Math.PI) / 5);
const S52 = Math.sin((4 * Math.PI) / 5);

/**
 * In-place forward DFT X_k = sum_j x_j exp(-2 pi i j k / n) of (re, im); `inverse` computes
 * sum_j x_j exp(+2 pi i j k / n) (unnormalised). One transform of fftBatch, so both give the same bits.
 */
export function fft(plan: FftPlan, re: Float64Array, im: Float64Array, inverse = false): void {
  fftBatch(plan, re, im, 1, plan.bufRe, plan.bufIm, inverse);
}

/**
 * `count` DFTs of length plan.n at once, on interleaved data: element t of transform b is at
 * [t * count + b]. Each transform gives the same bits as fft() on it alone (fft is this with count 1).
 * The transform index is innermost: every twiddle is loaded once per butterfly group
 * instead of once per transform, and the inner loops run over contiguous memory. This is what makes the
 * y and z passes of a 3D FFT fast (several times faster than gathering each line and calling fft()).
 * `bufRe`/`bufIm` are scratch of at least n * count values. `inverse` as in fft().
 * `stride` (>= count): element t of transform b is at [t * stride + b] instead, so that a few columns
 * of a wide batch can be transformed at a time; their working set then stays in cache (a batch of
 * 1600 transforms of length 96 ran ~25 % slower per point than 256 of them). Same bits either way.
 * `inputRows` (<= n): only the rows t < inputRows may be non-zero (zero-padded data, as in the linear
 * convolutions of Moran's I); the rows from it on need not hold zeros. A first stage of radix 4 or 2
 * skips the zero inputs (firstStagePruned) and never reads them: the same values, since adding a zero or
 * multiplying by the first stage's unit twiddles changes no bit of a non-zero value (at most the sign
 * of a zero result); with another first radix the padding rows are zeroed first.
 */
export function fftBatch(plan: FftPlan, re: Float64Array, im: Float64Array, count: number, bufRe: Float64Array, bufIm: Float64Array, inverse = false, stride = count, inputRows = plan.n): void {
  const n = plan.n;
  if (n === 1) return;
  const pruned = inputRows < n && (plan.radices[0] === 4 || plan.radices[0] === 2);
  // Another first radix reads every row: the padding rows get their zeros here.
  if (inputRows < n && !pruned) for (let t = inputRows; t < n; t++) zeroRow(re, im, t * stride, count);
  if (inverse) negate(im, n, count, stride);
  // Stages alternate between the data (row stride `stride`) and the scratch (row stride `count`). Each
  // radix has a stage function of its own: V8 then compiles each when it is first used, instead of
  // compiling all of fftBatch and compiling it again when a length brings a radix not seen before.
  let xr = re;
  let xi = im;
  let yr = bufRe;
  let yi = bufIm;
  let xs = stride;
  let ys = count;
  let span = 1;
  for (let s = 0; s < plan.radices.length; s++) {
    const r = plan.radices[s];
    const twr = plan.twRe[s];
    const twi = plan.twIm[s];
    if (s === 0 && pruned) firstStagePruned(n, r as 2 | 4, inputRows, xr, xi, xs, yr, yi, ys, count);
    else if (r === 2) radix2Stage(n, span, twr, twi, xr, xi, xs, yr, yi, ys, count);
    else if (r === 4) radix4Stage(n, span, twr, twi, xr, xi, xs, yr, yi, ys, count);
    else if (r === 3) radix3Stage(n, span, twr, twi, xr, xi, xs, yr, yi, ys, count);
    else if (r === 5) radix5Stage(n, span, twr, twi, xr, xi, xs, yr, yi, ys, count);
    else primeStage(plan, plan.primeDfts[s] as PrimeDft, r, span, twr, twi, xr, xi, xs, yr, yi, ys, count);
    [xr, yr] = [yr, xr];
    [xi, yi] = [yi, xi];
    [xs, ys] = [ys, xs];
    span *= r;
  }
  if (xr !== re) copyRows(xr, xi, re, im, n, count, stride);
  if (inverse) negate(im, n, count, stride);
}

function zeroRow(re: Float64Array, im: Float64Array, start: number, count: number): void {
  re.fill(0, start, start + count);
  im.fill(0, start, start + count);
}

/** im[t * stride + b] = -im[t * stride + b] for t < n, b < count: conjugation, for the inverse transform. */
function negate(im: Float64Array, n: number, count: number, stride: number): void {
  for (let t = 0; t < n; t++) for (let b = t * stride, end = b + count; b < end; b++) im[b] = -im[b];
}

/** The result from the scratch (row stride count) back into the data (row stride `stride`). */
function copyRows(xr: Float64Array, xi: Float64Array, re: Float64Array, im: Float64Array, n: number, count: number, stride: number): void {
  if (stride === count) {
    re.set(xr.subarray(0, n * count));
    im.set(xi.subarray(0, n * count));
    return;
  }
  for (let t = 0; t < n; t++) {
    re.set(xr.subarray(t * count, (t + 1) * count), t * stride);
    im.set(xi.subarray(t * count, (t + 1) * count), t * stride);
  }
}

/**
 * The first Stockham stage (span 1: every twiddle is 1) of radix 4 or 2 when only the input rows
 * t < inputRows may be non-zero: butterfly j reads rows j + q n / r, of which the first `valid` are
 * inside, and the missing terms are left out (x + 0 = x, x 1 - y 0 = x: the same bits as the full stage).
 * Radix 4: y0 = a0 + a2 + (a1 + a3), y1 = a0 - a2 - i (a1 - a3), y2 = a0 + a2 - (a1 + a3),
 * y3 = a0 - a2 + i (a1 - a3); radix 2: y0 = a0 + a1, y1 = a0 - a1.
 */
function firstStagePruned(n: number, r: 2 | 4, inputRows: number, xr: Float64Array, xi: Float64Array, xs: number, yr: Float64Array, yi: Float64Array, ys: number, count: number): void {
  const step = n / r;
  const is = step * xs;
  const os = ys;
  for (let j = 0; j < step; j++) {
    const valid = Math.min(r, Math.max(0, Math.ceil((inputRows - j) / step)));
    const i0 = j * xs;
    const o0 = j * r * ys;
    if (r === 2) {
      if (valid === 2) firstRadix2(xr, xi, i0, is, yr, yi, o0, os, count);
      else copyToOutputs(xr, xi, i0, valid, yr, yi, o0, os, 2, count);
    } else if (valid === 4) firstRadix4(xr, xi, i0, is, yr, yi, o0, os, count);
    else if (valid === 3) firstRadix4Of3(xr, xi, i0, is, yr, yi, o0, os, count);
    else if (valid === 2) firstRadix4Of2(xr, xi, i0, is, yr, yi, o0, os, count);
    else copyToOutputs(xr, xi, i0, valid, yr, yi, o0, os, 4, count);
  }
}

/** Butterflies with one input (valid 1: every output is a0) or none (valid 0: zeros). */
function copyToOutputs(xr: Float64Array, xi: Float64Array, i0: number, valid: number, yr: Float64Array, yi: Float64Array, o0: number, os: number, r: number, count: number): void {
  for (let q = 0; q < r; q++) {
    const o = o0 + q * os;
    if (valid === 0) {
      yr.fill(0, o, o + count);
      yi.fill(0, o, o + count);
    } else {
      yr.set(xr.subarray(i0, i0 + count), o);
      yi.set(xi.subarray(i0, i0 + count), o);
    }
  }
}

function firstRadix2(xr: Float64Array, xi: Float64Array, i0: number, is: number, yr: Float64Array, yi: Float64Array, o0: number, os: number, count: number): void {
  for (let b = 0; b < count; b++) {
    const ar = xr[i0 + b];
    const ai = xi[i0 + b];
    const br = xr[i0 + is + b];
    const bi = xi[i0 + is + b];
    yr[o0 + b] = ar + br;
    yi[o0 + b] = ai + bi;
    yr[o0 + os + b] = ar - br;
    yi[o0 + os + b] = ai - bi;
  }
}

function firstRadix4(xr: Float64Array, xi: Float64Array, i0: number, is: number, yr: Float64Array, yi: Float64Array, o0: number, os: number, count: number): void {
  for (let b = 0; b < count; b++) {
    const a0r = xr[i0 + b];
    const a0i = xi[i0 + b];
    const a1r = xr[i0 + is + b];
    const a1i = xi[i0 + is + b];
    const a2r = xr[i0 + 2 * is + b];
    const a2i = xi[i0 + 2 * is + b];
    const a3r = xr[i0 + 3 * is + b];
    const a3i = xi[i0 + 3 * is + b];
    const s0r = a0r + a2r;
    const s0i = a0i + a2i;
    const d0r = a0r - a2r;
    const d0i = a0i - a2i;
    const s1r = a1r + a3r;
    const s1i = a1i + a3i;
    const d1r = a1i - a3i;
    const d1i = a3r - a1r;
    yr[o0 + b] = s0r + s1r;
    yi[o0 + b] = s0i + s1i;
    yr[o0 + os + b] = d0r + d1r;
    yi[o0 + os + b] = d0i + d1i;
    yr[o0 + 2 * os + b] = s0r - s1r;
    yi[o0 + 2 * os + b] = s0i - s1i;
    yr[o0 + 3 * os + b] = d0r - d1r;
    yi[o0 + 3 * os + b] = d0i - d1i;
  }
}

/** firstRadix4 with a3 = 0. */
function firstRadix4Of3(xr: Float64Array, xi: Float64Array, i0: number, is: number, yr: Float64Array, yi: Float64Array, o0: number, os: number, count: number): void {
  for (let b = 0; b < count; b++) {
    const a0r = xr[i0 + b];
    const a0i = xi[i0 + b];
    const a1r = xr[i0 + is + b];
    const a1i = xi[i0 + is + b];
    const a2r = xr[i0 + 2 * is + b];
    const a2i = xi[i0 + 2 * is + b];
    const s0r = a0r + a2r;
    const s0i = a0i + a2i;
    const d0r = a0r - a2r;
    const d0i = a0i - a2i;
    yr[o0 + b] = s0r + a1r;
    yi[o0 + b] = s0i + a1i;
    yr[o0 + os + b] = d0r + a1i;
    yi[o0 + os + b] = d0i - a1r;
    yr[o0 + 2 * os + b] = s0r - a1r;
    yi[o0 + 2 * os + b] = s0i - a1i;
    yr[o0 + 3 * os + b] = d0r - a1i;
    yi[o0 + 3 * os + b] = d0i + a1r;
  }
}

/** firstRadix4 with a2 = a3 = 0. */
function firstRadix4Of2(xr: Float64Array, xi: Float64Array, i0: number, is: number, yr: Float64Array, yi: Float64Array, o0: number, os: number, count: number): void {
  for (let b = 0; b < count; b++) {
    const a0r = xr[i0 + b];
    const a0i = xi[i0 + b];
    const a1r = xr[i0 + is + b];
    const a1i = xi[i0 + is + b];
    yr[o0 + b] = a0r + a1r;
    yi[o0 + b] = a0i + a1i;
    yr[o0 + os + b] = a0r + a1i;
    yi[o0 + os + b] = a0i - a1r;
    yr[o0 + 2 * os + b] = a0r - a1r;
    yi[o0 + 2 * os + b] = a0i - a1i;
    yr[o0 + 3 * os + b] = a0r - a1i;
    yi[o0 + 3 * os + b] = a0i + a1r;
  }
}

/*
 * One Stockham stage of radix r: for j < n / r, with k = j mod span, butterfly j reads the r inputs at
 * rows j + q n / r of x (row stride xs) and writes the r outputs at rows (j - k) r + k + q span of y (row
 * stride ys), every row holding `count` transforms side by side; twiddles tw[k r + t].
 */
function radix2Stage(n: number, span: number, twr: Float64Array, twi: Float64Array, xr: Float64Array, xi: Float64Array, xs: number, yr: Float64Array, yi: Float64Array, ys: number, count: number): void {
  const r = 2;
  const step = n / r;
  for (let j = 0; j < step; j++) {
    const k = j % span;
    const out = (j - k) * r + k;
    // Row starts (times the row strides) of the r inputs and the r outputs of this butterfly.
    const i0 = j * xs;
    const is = step * xs;
    const o0 = out * ys;
    const os = span * ys;
    const wr = twr[k * 2 + 1];
    const wi = twi[k * 2 + 1];
    for (let b = 0; b < count; b++) {
      const ar = xr[i0 + b];
      const ai = xi[i0 + b];
      const br0 = xr[i0 + is + b];
      const bi0 = xi[i0 + is + b];
      const br = br0 * wr - bi0 * wi;
      const bi = br0 * wi + bi0 * wr;
      yr[o0 + b] = ar + br;
      yi[o0 + b] = ai + bi;
      yr[o0 + os + b] = ar - br;
      yi[o0 + os + b] = ai - bi;
    }
  }
}

function radix4Stage(n: number, span: number, twr: Float64Array, twi: Float64Array, xr: Float64Array, xi: Float64Array, xs: number, yr: Float64Array, yi: Float64Array, ys: number, count: number): void {
  const r = 4;
  const step = n / r;
  for (let j = 0; j < step; j++) {
    const k = j % span;
    const out = (j - k) * r + k;
    // Row starts (times the row strides) of the r inputs and the r outputs of this butterfly.
    const i0 = j * xs;
    const is = step * xs;
    const o0 = out * ys;
    const os = span * ys;
    const t = k * 4;
    const w1r = twr[t + 1], w1i = twi[t + 1], w2r = twr[t + 2], w2i = twi[t + 2], w3r = twr[t + 3], w3i = twi[t + 3];
    for (let b = 0; b < count; b++) {
      const a0r = xr[i0 + b];
      const a0i = xi[i0 + b];
      const x1r = xr[i0 + is + b];
      const x1i = xi[i0 + is + b];
      const a1r = x1r * w1r - x1i * w1i;
      const a1i = x1r * w1i + x1i * w1r;
      const x2r = xr[i0 + 2 * is + b];
      const x2i = xi[i0 + 2 * is + b];
      const a2r = x2r * w2r - x2i * w2i;
      const a2i = x2r * w2i + x2i * w2r;
      const x3r = xr[i0 + 3 * is + b];
      const x3i = xi[i0 + 3 * is + b];
      const a3r = x3r * w3r - x3i * w3i;
      const a3i = x3r * w3i + x3i * w3r;
      const s0r = a0r + a2r;
      const s0i = a0i + a2i;
      const d0r = a0r - a2r;
      const d0i = a0i - a2i;
      const s1r = a1r + a3r;
      const s1i = a1i + a3i;
      const d1r = a1i - a3i;
      const d1i = a3r - a1r;
      yr[o0 + b] = s0r + s1r;
      yi[o0 + b] = s0i + s1i;
      yr[o0 + os + b] = d0r + d1r;
      yi[o0 + os + b] = d0i + d1i;
      yr[o0 + 2 * os + b] = s0r - s1r;
      yi[o0 + 2 * os + b] = s0i - s1i;
      yr[o0 + 3 * os + b] = d0r - d1r;
      yi[o0 + 3 * os + b] = d0i - d1i;
    }
  }
}

function radix3Stage(n: number, span: number, twr: Float64Array, twi: Float64Array, xr: Float64Array, xi: Float64Array, xs: number, yr: Float64Array, yi: Float64Array, ys: number, count: number): void {
  const r = 3;
  const step = n / r;
  for (let j = 0; j < step; j++) {
    const k = j % span;
    const out = (j - k) * r + k;
    // Row starts (times the row strides) of the r inputs and the r outputs of this butterfly.
    const i0 = j * xs;
    const is = step * xs;
    const o0 = out * ys;
    const os = span * ys;
    const t = k * 3;
    // Twiddle t = 0 is 1 (angle 0): the first input goes in as it is, as in radix4Stage.
    const w1r = twr[t + 1], w1i = twi[t + 1], w2r = twr[t + 2], w2i = twi[t + 2];
    for (let b = 0; b < count; b++) {
      const v0r = xr[i0 + b];
      const v0i = xi[i0 + b];
      const x1r = xr[i0 + is + b];
      const x1i = xi[i0 + is + b];
      const v1r = x1r * w1r - x1i * w1i;
      const v1i = x1r * w1i + x1i * w1r;
      const x2r = xr[i0 + 2 * is + b];
      const x2i = xi[i0 + 2 * is + b];
      const v2r = x2r * w2r - x2i * w2i;
      const v2i = x2r * w2i + x2i * w2r;
      const sr = v1r + v2r;
      const si = v1i + v2i;
      const mr = v0r + C3 * sr;
      const mi = v0i + C3 * si;
      const dr = S3 * (v1i - v2i);
      const di = -S3 * (v1r - v2r);
      yr[o0 + b] = v0r + sr;
      yi[o0 + b] = v0i + si;
      yr[o0 + os + b] = mr + dr;
      yi[o0 + os + b] = mi + di;
      yr[o0 + 2 * os + b] = mr - dr;
      yi[o0 + 2 * os + b] = mi - di;
    }
  }
}

function radix5Stage(n: number, span: number, twr: Float64Array, twi: Float64Array, xr: Float64Array, xi: Float64Array, xs: number, yr: Float64Array, yi: Float64Array, ys: number, count: number): void {
  const r = 5;
  const step = n / r;
  for (let j = 0; j < step; j++) {
    const k = j % span;
    const out = (j - k) * r + k;
    // Row starts (times the row strides) of the r inputs and the r outputs of this butterfly.
    const i0 = j * xs;
    const is = step * xs;
    const o0 = out * ys;
    const os = span * ys;
    const t = k * 5;
    // Twiddle t = 0 is 1 (angle 0): the first input goes in as it is, as in radix4Stage.
    const w1r = twr[t + 1], w1i = twi[t + 1], w2r = twr[t + 2], w2i = twi[t + 2];
    const w3r = twr[t + 3], w3i = twi[t + 3], w4r = twr[t + 4], w4i = twi[t + 4];
    for (let b = 0; b < count; b++) {
      const v0r = xr[i0 + b];
      const v0i = xi[i0 + b];
      let xr0 = xr[i0 + is + b];
      let xi0 = xi[i0 + is + b];
      const v1r = xr0 * w1r - xi0 * w1i;
      const v1i = xr0 * w1i + xi0 * w1r;
      xr0 = xr[i0 + 2 * is + b];
      xi0 = xi[i0 + 2 * is + b];
      const v2r = xr0 * w2r - xi0 * w2i;
      const v2i = xr0 * w2i + xi0 * w2r;
      xr0 = xr[i0 + 3 * is + b];
      xi0 = xi[i0 + 3 * is + b];
      const v3r = xr0 * w3r - xi0 * w3i;
      const v3i = xr0 * w3i + xi0 * w3r;
      xr0 = xr[i0 + 4 * is + b];
      xi0 = xi[i0 + 4 * is + b];
      const v4r = xr0 * w4r - xi0 * w4i;
      const v4i = xr0 * w4i + xi0 * w4r;
      // The radix-5 butterfly: sums and differences of the symmetric pairs (1, 4) and (2, 3).
      const s1r = v1r + v4r;
      const s1i = v1i + v4i;
      const d1r = v1r - v4r;
      const d1i = v1i - v4i;
      const s2r = v2r + v3r;
      const s2i = v2i + v3i;
      const d2r = v2r - v3r;
      const d2i = v2i - v3i;
      const m1r = v0r + C51 * s1r + C52 * s2r;
      const m1i = v0i + C51 * s1i + C52 * s2i;
      const m2r = v0r + C52 * s1r + C51 * s2r;
      const m2i = v0i + C52 * s1i + C51 * s2i;
      const e1r = S51 * d1i + S52 * d2i;
      const e1i = -(S51 * d1r + S52 * d2r);
      const e2r = S52 * d1i - S51 * d2i;
      const e2i = -(S52 * d1r - S51 * d2r);
      const o = o0 + b;
      yr[o] = v0r + s1r + s2r;
      yi[o] = v0i + s1i + s2i;
      yr[o + os] = m1r + e1r;
      yi[o + os] = m1i + e1i;
      yr[o + 2 * os] = m2r + e2r;
      yi[o + 2 * os] = m2i + e2i;
      yr[o + 3 * os] = m2r - e2r;
      yi[o + 3 * os] = m2i - e2i;
      yr[o + 4 * os] = m1r - e1r;
      yi[o + 4 * os] = m1i - e1i;
    }
  }
}

function primeStage(plan: FftPlan, dft: PrimeDft, r: number, span: number, twr: Float64Array, twi: Float64Array, xr: Float64Array, xi: Float64Array, xs: number, yr: Float64Array, yi: Float64Array, ys: number, count: number): void {
  const step = plan.n / r;
  const vr = plan.vRe;
  const vi = plan.vIm;
  // Bluestein: the convolution buffers of one butterfly's `count` transforms, interleaved as fftBatch takes them.
  const m = dft.kind === 'bluestein' ? dft.m : 0;
  const cr = new Float64Array(m * count);
  const ci = new Float64Array(m * count);
  const sr = new Float64Array(m * count);
  const si = new Float64Array(m * count);
  for (let j = 0; j < step; j++) {
    const k = j % span;
    const out = (j - k) * r + k;
    // Row starts (times the row strides) of the r inputs and the r outputs of this butterfly.
    const i0 = j * xs;
    const is = step * xs;
    const o0 = out * ys;
    const os = span * ys;
    if (dft.kind === 'bluestein') {
      bluesteinButterflies(dft, r, twr, twi, k, xr, xi, i0, is, yr, yi, o0, os, count, cr, ci, sr, si);
      continue;
    }
    for (let b = 0; b < count; b++) {
      for (let t = 0; t < r; t++) {
        const x0r = xr[i0 + t * is + b];
        const x0i = xi[i0 + t * is + b];
        const wr = twr[k * r + t];
        const wi = twi[k * r + t];
        vr[t] = x0r * wr - x0i * wi;
        vi[t] = x0r * wi + x0i * wr;
      }
      directButterfly(r, dft.cos, dft.sin, vr, vi, yr, yi, o0 + b, os);
    }
  }
}

/** The radix-r butterfly as a direct sum (r a prime >= 7) of twiddled inputs v, to y[base + q * step], q < r. */
function directButterfly(r: number, cos: Float64Array, sin: Float64Array, vr: Float64Array, vi: Float64Array, yr: Float64Array, yi: Float64Array, base: number, step: number): void {
  for (let q = 0; q < r; q++) {
    let ar = 0;
    let ai = 0;
    for (let t = 0; t < r; t++) {
      const j = (q * t) % r;
      const c = cos[j];
      const sn = sin[j];
      ar += vr[t] * c - vi[t] * sn;
      ai += vr[t] * sn + vi[t] * c;
    }
    yr[base + q * step] = ar;
    yi[base + q * step] = ai;
  }
}

/**
 * One butterfly group's `count` DFTs of length r by Bluestein's convolution: a_t = (twiddled x_t) c_t^*
 * zero-padded to m, transformed, multiplied by the chirp filter's transform, transformed back (conjugate
 * trick: the inverse is the forward transform of the conjugate), and X_q = c_q^* (a * c)_q.
 */
function bluesteinButterflies(dft: Extract<PrimeDft, { kind: 'bluestein' }>, r: number, twr: Float64Array, twi: Float64Array, k: number, xr: Float64Array, xi: Float64Array, i0: number, is: number, yr: Float64Array, yi: Float64Array, o0: number, os: number, count: number, cr: Float64Array, ci: Float64Array, sr: Float64Array, si: Float64Array): void {
  const { m, chirpRe, chirpIm, filterRe, filterIm } = dft;
  cr.fill(0);
  ci.fill(0);
  for (let t = 0; t < r; t++) {
    const wr = twr[k * r + t];
    const wi = twi[k * r + t];
    const hr = chirpRe[t];
    const hi = chirpIm[t];
    for (let b = 0; b < count; b++) {
      const x0r = xr[i0 + t * is + b];
      const x0i = xi[i0 + t * is + b];
      const vr = x0r * wr - x0i * wi;
      const vi = x0r * wi + x0i * wr;
      cr[t * count + b] = vr * hr - vi * hi;
      ci[t * count + b] = vr * hi + vi * hr;
    }
  }
  fftBatch(dft.plan, cr, ci, count, sr, si);
  for (let q = 0; q < m; q++) {
    const fr = filterRe[q];
    const fi = filterIm[q];
    for (let b = q * count, end = b + count; b < end; b++) {
      const ar = cr[b];
      const ai = ci[b];
      cr[b] = ar * fr - ai * fi;
      ci[b] = ar * fi + ai * fr;
    }
  }
  fftBatch(dft.plan, cr, ci, count, sr, si, true);
  for (let q = 0; q < r; q++) {
    const hr = chirpRe[q];
    const hi = chirpIm[q];
    for (let b = 0; b < count; b++) {
      const ar = cr[q * count + b];
      const ai = ci[q * count + b];
      yr[o0 + q * os + b] = ar * hr - ai * hi;
      yi[o0 + q * os + b] = ar * hi + ai * hr;
    }
  }
}
