/**
 * Convolutional filter benchmark (a script, not a test): one 64^3 response map per filter on a
 * deterministic random image (2 mm voxels), median of RUNS runs after one untimed warm-up. The baseline
 * is one 3-tap separable pass (x, y, z) over the same image, measured in the same run; the last column
 * gives each filter in multiples of it. Target: each separable filter well under a second.
 *
 * Run: npm run bench:filters [-- runs] (bench/build.mjs bundles it, with the internals it times; plain Node)
 */
import { createVolume } from '../src/image/volume.js';
import { applyFilter, convolveSeparable, type FilterSpec } from '../src/preprocess/filters/index.js';

const RUNS = Number(process.argv[2] ?? 5);
const N = 64;
let seed = 12345;
const data = Float32Array.from({ length: N ** 3 }, () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return Math.floor((seed / 2 ** 32) * 256);
});
const image = createVolume({ data, shape: [N, N, N], spacing: [2, 2, 2] });
const c = { boundary: 'reflect', dims: '3D' } as const;

const CASES: readonly (readonly [string, FilterSpec])[] = [
  ['mean, support 15 (separable)', { type: 'mean', support: 15, ...c }],
  ['LoG, sigma 5 mm, truncate 4 (separable, 3 terms)', { type: 'log', sigma: 5, truncate: 4, riesz: null, ...c }],
  ['Laws E5L5S5 (separable)', { type: 'laws', kernels: 'E5L5S5', rotationInvariant: false, energyDelta: null, ...c }],
  ['Laws E5L5S5, 24 rotations, energy 7 (separable)', { type: 'laws', kernels: 'E5L5S5', rotationInvariant: true, energyDelta: 7, ...c }],
  ['wavelet db2 LHL level 1 (separable)', { type: 'wavelet', wavelet: 'db2', decomposition: 'LHL', level: 1, rotationInvariant: false, ...c }],
  ['wavelet haar HHH level 2, rotation invariant (separable)', { type: 'wavelet', wavelet: 'haar', decomposition: 'HHH', level: 2, rotationInvariant: true, ...c }],
  ['wavelet coif1 HHL level 1, rotation invariant (separable)', { type: 'wavelet', wavelet: 'coif1', decomposition: 'HHL', level: 1, rotationInvariant: true, ...c }],
  ['Gabor sigma 10 mm, theta 60 (2D FFT per slice)', { type: 'gabor', sigma: 10, gamma: 0.5, lambda: 4, theta: 60, thetaStep: 45, rotationInvariant: false, truncate: 4, response: 'modulus', ...c }],
  ['Gabor, 8 orientations x 3 planes (2D FFT per slice)', { type: 'gabor', sigma: 10, gamma: 0.5, lambda: 4, theta: 0, thetaStep: 45, rotationInvariant: true, truncate: 4, response: 'modulus', ...c }],
  ['Simoncelli level 1, wrap (3D FFT)', { type: 'simoncelli', level: 1, riesz: null, ...c, boundary: 'wrap' }],
  ['LoG + Riesz (1,0,0), constant (3D FFT)', { type: 'log', sigma: 3, truncate: 4, riesz: [1, 0, 0], ...c, boundary: 'constant' }],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function time(f: () => unknown): number {
  f();
  const t: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return median(t);
}

const f64 = Float64Array.from(data);
const k3 = [0.25, 0.5, 0.25];
const base = time(() => convolveSeparable(f64, image.shape, [k3, k3, k3], 'reflect'));
console.log(`64^3 response maps, median of ${RUNS} runs (Node ${process.version})\n`);
console.log(`${'filter'.padEnd(58)} ${'ms'.padStart(8)} ${'x baseline'.padStart(11)}`);
console.log(`${'baseline: 3-tap separable pass on x, y, z'.padEnd(58)} ${base.toFixed(1).padStart(8)} ${'1.0'.padStart(11)}`);
for (const [name, spec] of CASES) {
  const ms = time(() => applyFilter(image, spec));
  console.log(`${name.padEnd(58)} ${ms.toFixed(1).padStart(8)} ${(ms / base).toFixed(1).padStart(11)}`);
}

// A length with a large prime factor: the IBSI 2 phase-2 grid (the CT phantom resampled to 1 mm) is
// 200 x 197 x 180, and periodic padding ('wrap') transforms it at that size, 197 being prime (Bluestein's
// convolution in src/util/fft.ts; a direct O(n p) stage took ~85 s here). One run: a few seconds each.
const P2: [number, number, number] = [200, 197, 180];
const p2data = Float32Array.from({ length: P2[0] * P2[1] * P2[2] }, () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return Math.floor((seed / 2 ** 32) * 256);
});
const p2image = createVolume({ data: p2data, shape: P2, spacing: [1, 1, 1] });
const p2ms = (() => {
  const t0 = performance.now();
  applyFilter(p2image, { type: 'simoncelli', level: 1, riesz: null, dims: '3D', boundary: 'wrap' });
  return performance.now() - t0;
})();
console.log(`\n${'Simoncelli level 1, wrap, 200 x 197 x 180 (phase-2 grid; one run)'.padEnd(58)} ${p2ms.toFixed(1).padStart(8)} ${(p2ms / base).toFixed(1).padStart(11)}`);
