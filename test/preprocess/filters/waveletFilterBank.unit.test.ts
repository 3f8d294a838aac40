/**
 * The wavelet filter banks (PyWavelets' tables, src/preprocess/filters/waveletBanks.ts) checked against the
 * properties that define them, not against their own output: perfect-reconstruction biorthogonality
 * (orthonormality for the orthogonal families), sum of dec_lo = sqrt 2, and the vanishing moments of dec_hi.
 * Tolerances are the precision of the source tables: Daubechies and Coiflets are given to 60 digits
 * (exact to a double), Symlets and the biorthogonal families to ~17 significant digits, and dmey is an FIR
 * approximation of the infinite Meyer filter (orthonormal only to ~2e-3).
 */
import { describe, expect, test } from 'vitest';
import { decompositionFilters, SEPARABLE_WAVELETS, waveletKernels } from '../../../src/preprocess/filters/index.js';

const family = (name: string) => name.replace(/[\d.]+$/, '');
const TOLERANCE: Record<string, number> = { haar: 1e-15, db: 1e-15, coif: 1e-15, sym: 2e-11, bior: 2e-12, rbio: 2e-12, dmey: 3e-3 };

/** Filter lengths and vanishing moments of dec_hi as PyWavelets documents them (Wavelet.vanishing_moments_psi). */
function expected(name: string): { length: number; moments: number | null } {
  if (name === 'haar') return { length: 2, moments: 1 };
  if (name === 'dmey') return { length: 62, moments: null };
  const m = /^(db|sym|coif)(\d+)$/.exec(name);
  if (m) {
    const n = Number(m[2]);
    return m[1] === 'coif' ? { length: 6 * n, moments: 2 * n } : { length: 2 * n, moments: n };
  }
  const b = /^(bior|rbio)(\d)\.(\d)$/.exec(name)!;
  const [N, M] = [Number(b[2]), Number(b[3])];
  // The 5.5 pair PyWavelets ships has 6 and 4 zeros at z = -1 in its two low-pass filters (not 5 and 5).
  const moments = name === 'bior5.5' ? 6 : name === 'rbio5.5' ? 4 : b[1] === 'bior' ? N : M;
  return { length: N === 1 ? 2 * M : 2 * M + 2, moments };
}

test('SEPARABLE_WAVELETS lists the 106 discrete wavelets of pywt.wavelist(kind="discrete")', () => {
  expect(SEPARABLE_WAVELETS.length).toBe(1 + 38 + 19 + 17 + 15 + 15 + 1);
  expect(new Set(SEPARABLE_WAVELETS).size).toBe(SEPARABLE_WAVELETS.length);
  for (const name of ['haar', 'db1', 'db38', 'sym2', 'sym20', 'coif1', 'coif17', 'bior1.1', 'bior6.8', 'rbio3.9', 'dmey']) expect(SEPARABLE_WAVELETS).toContain(name);
  for (const name of ['db0', 'db39', 'sym1', 'coif18', 'bior1.2', 'rbio4.5', 'db01']) expect(decompositionFilters(name)).toBeNull();
});

describe.each(SEPARABLE_WAVELETS.map((n) => [n]))('decompositionFilters(%s)', (name) => {
  const { lo, hi } = decompositionFilters(name)!;
  const L = lo.length;
  const tol = TOLERANCE[family(name)];
  const { length, moments } = expected(name);
  test(`has ${length} taps and sum(dec_lo) = sqrt 2, sum(dec_hi) = 0`, () => {
    expect(L).toBe(length);
    expect(hi.length).toBe(length);
    expect(Math.abs(lo.reduce((a, b) => a + b, 0) - Math.SQRT2)).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(hi.reduce((a, b) => a + b, 0))).toBeLessThanOrEqual(tol);
  });
  test('biorthogonality: sum_k dec_lo[L-1-k] rec_lo[k+2m] = delta(m), rec_lo[i] = (-1)^(L-1-i) dec_hi[i] (orthonormality when orthogonal)', () => {
    const rec = hi.map((x, i) => ((L - 1 - i) % 2 ? -1 : 1) * x);
    for (let m = -L; m <= L; m++) {
      let s = 0;
      for (let k = 0; k < L; k++) if (k + 2 * m >= 0 && k + 2 * m < L) s += lo[L - 1 - k] * rec[k + 2 * m];
      expect(Math.abs(s - (m === 0 ? 1 : 0))).toBeLessThanOrEqual(tol);
    }
  });
  if (moments !== null)
    test(`dec_hi has ${moments} vanishing moments: sum_k dec_hi[k] t_k^p = 0 for p < ${moments} (t_k = k - centre, relative to sum |dec_hi[k] t_k^p|)`, () => {
      const c = (L - 1) / 2;
      for (let p = 0; p < moments; p++) {
        let s = 0;
        let a = 0;
        hi.forEach((h, k) => {
          const t = h * ((k - c) / c) ** p;
          s += t;
          a += Math.abs(t);
        });
        expect(Math.abs(s) / a).toBeLessThanOrEqual(Math.max(tol, 1e-14) * 1e3);
      }
    });
});

describe('the wavelets of the first PyRadiomics stop (haar, db2, db3, coif1)', () => {
  test('haar: bit-identical to the dec_lo stored before the bank', () => {
    expect(Array.from(waveletKernels('haar')[0])).toEqual([0.7071067811865476, 0.7071067811865476, 0]);
  });
  // The values stored before were PyWavelets' older 17-digit tables (db2 / db3 as its sym2 / sym3 tables,
  // coif1 as PyWavelets before 2016); its db and coif tables since 2016 have 60 digits and are the exact
  // filters to a double, so db2, db3 and coif1 change by ~1e-12 relative, towards the closed forms.
  const s3 = Math.sqrt(3);
  const db2Exact = [(1 - s3) / (4 * Math.SQRT2), (3 - s3) / (4 * Math.SQRT2), (3 + s3) / (4 * Math.SQRT2), (1 + s3) / (4 * Math.SQRT2)];
  const s10 = Math.sqrt(10);
  const r = Math.sqrt(5 + 2 * s10);
  const db3Exact = [1 + s10 + r, 5 + s10 + 3 * r, 10 - 2 * s10 + 2 * r, 10 - 2 * s10 - 2 * r, 5 + s10 - 3 * r, 1 + s10 - r].map((x) => (x * Math.SQRT2) / 32).reverse();
  const before: Record<string, number[]> = {
    db2: [-0.12940952255092145, 0.22414386804185735, 0.836516303737469, 0.48296291314469025],
    db3: [0.035226291882100656, -0.08544127388224149, -0.13501102001039084, 0.4598775021193313, 0.8068915093133388, 0.3326705529509569],
    coif1: [-0.01565572813546454, -0.0727326195128539, 0.38486484686420286, 0.8525720202122554, 0.3378976624578092, -0.0727326195128539],
  };
  const s7 = Math.sqrt(7);
  const coif1Exact = [1 - s7, 5 + s7, 14 + 2 * s7, 14 - 2 * s7, 1 - s7, -3 + s7].map((x) => (x * Math.SQRT2) / 32).reverse();
  test.each([
    ['db2', db2Exact],
    ['db3', db3Exact],
    ['coif1', coif1Exact],
  ] as const)('%s: dec_lo equals the closed form (Daubechies 1992; coif1 with sqrt 7) to 4e-16, closer than the values stored before', (name, exact) => {
    const lo = decompositionFilters(name)!.lo;
    const err = (a: readonly number[]) => Math.max(...a.map((x, i) => Math.abs(x - exact[i])));
    expect(err(lo)).toBeLessThanOrEqual(4e-16);
    expect(err(before[name])).toBeGreaterThan(1e-13);
  });
});
