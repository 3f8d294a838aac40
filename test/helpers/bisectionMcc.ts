/**
 * What src/compat/mcc.ts computed before the connectivity test and Laguerre's iteration (kept as the
 * baseline the MCC exactness test compares with): Householder reduction (src/util/tridiagonalEigenvalue.ts
 * tridiagonalise, unchanged) then plain bisection on the Sturm counts of the tridiagonal matrix, from its
 * Gershgorin interval to an eighth of eps ||T|| (or 2 ulps), for every matrix, a split grey-level graph
 * included.
 */
import { tridiagonalise } from '../../src/util/tridiagonalEigenvalue.js';

export function bisectionMcc(counts: ArrayLike<number>, n: number): number {
  if (n < 2) return 1;
  let symmetric = true;
  for (let i = 0; i < n; i++) for (let k = i + 1; k < n; k++) if (counts[i * n + k] !== counts[k * n + i]) symmetric = false;
  const rows = new Float64Array(n);
  const cols = symmetric ? rows : new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) rows[i] += counts[i * n + k];
    total += rows[i];
  }
  if (total === 0) return NaN;
  if (!symmetric) for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) cols[k] += counts[i * n + k];
  const rowIndex = [...rows.keys()].filter((i) => rows[i] > 0);
  const m = rowIndex.length;
  if (m < 2) return 0;
  if (symmetric) {
    const g = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      for (let b = 0; b <= a; b++) {
        const c = counts[rowIndex[a] * n + rowIndex[b]];
        if (c !== 0) g[a * m + b] = c / Math.sqrt(rows[rowIndex[a]] * rows[rowIndex[b]]);
      }
    }
    const t = tridiagonalise(g, m);
    return Math.max(Math.abs(bisect(t, m, m - 2)), Math.abs(bisect(t, m, 0)));
  }
  const colIndex = [...cols.keys()].filter((k) => cols[k] > 0);
  const w = colIndex.length;
  const g = new Float64Array(m * w);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < w; b++) {
      const c = counts[rowIndex[a] * n + colIndex[b]];
      if (c !== 0) g[a * w + b] = c / Math.sqrt(rows[rowIndex[a]] * cols[colIndex[b]]);
    }
  }
  const s = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      let sum = 0;
      for (let k = 0; k < w; k++) sum += g[a * w + k] * g[b * w + k];
      s[a * m + b] = s[b * m + a] = sum;
    }
  }
  return Math.sqrt(Math.max(0, bisect(tridiagonalise(s, m), m, m - 2)));
}

/** The k-th smallest eigenvalue of the packed tridiagonal t (n x n) by bisection on Sturm counts, as the previous solver ran it. */
function bisect(t: Float64Array, n: number, k: number): number {
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(t[i]) + (i > 0 ? Math.abs(t[n + i - 1]) : 0) + (i < n - 1 ? Math.abs(t[n + i]) : 0));
  if (norm === 0) return 0;
  const unit = 2 ** Math.round(Math.log2(norm));
  const d = new Float64Array(n);
  const e2 = new Float64Array(n);
  let lo = Infinity;
  let hi = -Infinity;
  let scale = 0;
  for (let i = 0; i < n; i++) d[i] = t[i] / unit;
  for (let i = 0; i < n; i++) {
    const below = i > 0 ? Math.abs(t[n + i - 1] / unit) : 0;
    const above = i < n - 1 ? Math.abs(t[n + i] / unit) : 0;
    lo = Math.min(lo, d[i] - (below + above));
    hi = Math.max(hi, d[i] + (below + above));
    scale = Math.max(scale, Math.abs(d[i]) + (below + above));
    if (i < n - 1) e2[i] = above * above;
  }
  const absolute = (Number.EPSILON * scale) / 8;
  lo -= absolute;
  hi += absolute;
  const BIG = 2 ** 400;
  for (;;) {
    if (!(hi - lo > Math.max(absolute, 2 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi))))) break;
    const x = lo + (hi - lo) / 2;
    if (!(x > lo && x < hi)) break;
    let below = 0;
    let p0 = 1, p1 = d[0] - x, s = 1;
    for (let i = 1; ; i++) {
      const sign = p1 > 0 ? 1 : p1 < 0 ? -1 : -s;
      if (sign !== s) below++;
      s = sign;
      if (i === n) break;
      const next = (d[i] - x) * p1 - e2[i - 1] * p0;
      p0 = p1;
      p1 = next;
      if (!(Math.abs(p1) < BIG && Math.abs(p1) > 1 / BIG) && p1 !== 0) {
        const f = Math.abs(p1) >= BIG ? 1 / BIG : BIG;
        p0 *= f;
        p1 *= f;
      }
    }
    if (below > k) hi = x;
    else lo = x;
  }
  return (lo + (hi - lo) / 2) * unit;
}
