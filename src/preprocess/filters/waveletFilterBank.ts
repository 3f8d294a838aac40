import { BIORTHOGONAL, COIFLETS, DAUBECHIES, DISCRETE_MEYER, SYMLETS } from './waveletBanks.js';

/** A discrete wavelet as PyWavelets names it (see SEPARABLE_WAVELETS). */
export type SeparableWavelet = string;

const BIOR_ORDERS = Object.entries(BIORTHOGONAL).flatMap(([n, b]) => Object.keys(b.byM).map((m) => `${n}.${m}`));
/**
 * Every discrete wavelet PyWavelets ships (pywt.wavelist(kind='discrete')): haar, Daubechies db1-db38,
 * Symlets sym2-sym20, Coiflets coif1-coif17, biorthogonal bior1.1-bior6.8 and reverse biorthogonal
 * rbio1.1-rbio6.8 (15 orders each), and the discrete Meyer FIR approximation dmey.
 */
export const SEPARABLE_WAVELETS: readonly SeparableWavelet[] = Object.freeze([
  'haar',
  ...DAUBECHIES.map((_, i) => `db${i + 1}`),
  ...SYMLETS.map((_, i) => `sym${i + 2}`),
  ...COIFLETS.map((_, i) => `coif${i + 1}`),
  ...BIOR_ORDERS.map((o) => `bior${o}`),
  ...BIOR_ORDERS.map((o) => `rbio${o}`),
  'dmey',
]);
/** The list above in words, for messages. */
export const SEPARABLE_WAVELETS_TEXT = `haar, db1-db38, sym2-sym20, coif1-coif17, bior${BIOR_ORDERS.join('/')}, rbio (same orders), dmey`;

/** Decomposition filters of a wavelet, as PyWavelets' Wavelet(name).dec_lo and .dec_hi. */
export interface DecompositionFilters {
  readonly lo: readonly number[];
  readonly hi: readonly number[];
}

/**
 * dec_lo and dec_hi of a PyWavelets discrete wavelet, built from the stored tables (waveletBanks.ts) by
 * PyWavelets' rules (wavelets.c, discrete_wavelet), for a table r of length L:
 * - orthogonal (haar = db1, dbN, symN, coifN, dmey; r = rec_lo, coifN stored divided by sqrt 2):
 *   dec_lo[i] = r[L-1-i], dec_hi[i] = (-1)^(L-1-i) r[i] (the quadrature mirror of dec_lo);
 * - biorN.M: r = the shared reconstruction table (zero padded, used from offset n = Mmax - M), d = the
 *   table of order M: dec_lo[i] = d[L-1-i], dec_hi[i] = (-1)^(L-1-i) r[i+n], L = 2M (N = 1) or 2M + 2;
 * - rbioN.M: biorN.M with decomposition and reconstruction swapped and every filter reversed:
 *   dec_lo[i] = r[L-1-i+n], dec_hi[i] = (-1)^(L-1-i) d[i].
 * Null for a name PyWavelets does not know.
 */
export function decompositionFilters(name: string): DecompositionFilters | null {
  const orthogonal = (r: readonly number[], scale = 1): DecompositionFilters => {
    const L = r.length;
    return { lo: r.map((_, i) => r[L - 1 - i] * scale), hi: r.map((x, i) => ((L - 1 - i) % 2 ? -1 : 1) * x * scale) };
  };
  if (name === 'haar') return orthogonal(DAUBECHIES[0]);
  if (name === 'dmey') return orthogonal(DISCRETE_MEYER);
  let m = /^db(\d+)$/.exec(name);
  if (m && DAUBECHIES[Number(m[1]) - 1] && m[1][0] !== '0') return orthogonal(DAUBECHIES[Number(m[1]) - 1]);
  m = /^sym(\d+)$/.exec(name);
  if (m && Number(m[1]) >= 2 && SYMLETS[Number(m[1]) - 2] && m[1][0] !== '0') return orthogonal(SYMLETS[Number(m[1]) - 2]);
  // PyWavelets multiplies each stored Coiflet tap by its double sqrt 2 (= Math.SQRT2).
  m = /^coif(\d+)$/.exec(name);
  if (m && COIFLETS[Number(m[1]) - 1] && m[1][0] !== '0') return orthogonal(COIFLETS[Number(m[1]) - 1], Math.SQRT2);
  m = /^(bior|rbio)(\d)\.(\d)$/.exec(name);
  const bank = m ? BIORTHOGONAL[Number(m[2])] : undefined;
  const d = m && bank ? bank.byM[Number(m[3])] : undefined;
  if (!m || !bank || !d) return null;
  const N = Number(m[2]);
  const M = Number(m[3]);
  const L = N === 1 ? 2 * M : 2 * M + 2;
  const mMax = Math.max(...Object.keys(bank.byM).map(Number));
  const n = mMax - M;
  const r = bank.rec;
  const sign = (i: number) => ((L - 1 - i) % 2 ? -1 : 1);
  const idx = Array.from({ length: L }, (_, i) => i);
  if (m[1] === 'bior') return { lo: idx.map((i) => d[L - 1 - i]), hi: idx.map((i) => sign(i) * r[i + n]) };
  return { lo: idx.map((i) => r[L - 1 - i + n]), hi: idx.map((i) => sign(i) * d[i]) };
}
