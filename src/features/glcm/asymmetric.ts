/**
 * Statistics of an asymmetric GLCM (compat pyradiomics, symmetricalGLCM false). glcmStats reads the row
 * marginal p_x only, which equals p_y for the symmetric matrices of IBSI; PyRadiomics' glcm.py uses both
 * where a formula names both, so for an asymmetric matrix those statistics are recomputed here:
 *   cluster moments:  sum_ij (i + j - mu_x - mu_y)^n p_ij, n = 2, 3, 4
 *   correlation:      (sum_ij i j p_ij - mu_x mu_y) / (sigma_x sigma_y), 1 when sigma_x sigma_y = 0
 *   Imc1:             (HXY - HXY1) / max(HX, HY)
 *   HXY1 = -sum_ij p_ij log2(p_x(i) p_y(j)),  HXY2 = -sum_ij p_x(i) p_y(j) log2(p_x(i) p_y(j))
 * The feature table computes correlation as covariance / variance (variance = sigma_x^2, which the joint
 * variance needs unchanged), so `covariance` carries cov_xy sigma_x / sigma_y, and `hx` carries
 * max(HX, HY). Everything else (joint, difference and sum distributions, mu_x) needs no p_y.
 * MCC reads the counts itself and handles asymmetric matrices (src/compat/mcc.ts).
 */
import type { PresentLevels } from '../levels.js';
import type { GlcmMatrix } from './matrix.js';
import { glcmStats, type GlcmMcc, type GlcmStats } from './stats.js';

export function asymmetricGlcmStats(matrix: GlcmMatrix, present: PresentLevels, levelCount: number, mcc?: GlcmMcc): GlcmStats | null {
  const base = glcmStats(matrix, present, levelCount, mcc, false);
  if (base === null) return null;
  const { counts, size: n } = matrix;
  const v = present.values;
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  let total = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const c = counts[a * n + b];
      px[a] += c;
      py[b] += c;
      total += c;
    }
  }
  let ux = 0;
  let uy = 0;
  for (let a = 0; a < n; a++) {
    px[a] /= total;
    py[a] /= total;
    ux += v[a] * px[a];
    uy += v[a] * py[a];
  }
  let vx = 0;
  let vy = 0;
  let hx = 0;
  let hy = 0;
  for (let a = 0; a < n; a++) {
    vx += (v[a] - ux) ** 2 * px[a];
    vy += (v[a] - uy) ** 2 * py[a];
    if (px[a] > 0) hx -= px[a] * Math.log2(px[a]);
    if (py[a] > 0) hy -= py[a] * Math.log2(py[a]);
  }
  let covariance = 0;
  let clusterM2 = 0;
  let clusterM3 = 0;
  let clusterM4 = 0;
  let hxy1 = 0;
  let hxy2 = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const papb = px[a] * py[b];
      const log = papb > 0 ? Math.log2(papb) : 0;
      if (papb > 0) hxy2 -= papb * log;
      const c = counts[a * n + b];
      if (c === 0) continue;
      const p = c / total;
      const t = v[a] + v[b] - ux - uy;
      covariance += (v[a] - ux) * (v[b] - uy) * p;
      clusterM2 += t * t * p;
      clusterM3 += t * t * t * p;
      clusterM4 += t * t * t * t * p;
      hxy1 -= p * log;
    }
  }
  const sx = Math.sqrt(vx);
  const sy = Math.sqrt(vy);
  // correlation = covariance / variance with variance = sigma_x^2 (see the file comment); 1 when sigma_x sigma_y = 0.
  const scaledCovariance = sx * sy === 0 ? base.variance : (covariance * sx) / sy;
  return { ...base, covariance: scaledCovariance, clusterM2, clusterM3, clusterM4, hx: Math.max(hx, hy), hxy1, hxy2 };
}
