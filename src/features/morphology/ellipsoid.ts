/**
 * Ellipsoids for the morphological family: the IBSI surface-area series (for the approximate
 * enclosing ellipsoid, AEE, and the minimum volume enclosing ellipsoid, MVEE) and the MVEE itself.
 */
import { RadiomicsError } from '../../errors.js';
import { symmetricEigen3 } from './eigen.js';

/**
 * Surface area of an ellipsoid with semi-axes a >= b >= c by a Legendre series stopped after
 * nu = `terms` (20 by default, as the IBSI manual says):
 *   A = 4 pi a b sum_{nu=0}^{terms} (alpha beta)^nu / (1 - 4 nu^2) P_nu((alpha^2 + beta^2) / (2 alpha beta)).
 * `eccentricities` picks alpha and beta:
 * - 'ibsi' (default): alpha = sqrt(1 - b^2/a^2), beta = sqrt(1 - c^2/a^2), as printed in the IBSI 1
 *   manual ("Area density (approximate enclosing ellipsoid)"). This is NOT the ellipsoid's area
 *   (semi-axes 2, 1.5, 1.5 give 31.60; the true area is 34.73), but IBSI's reference values were made
 *   with it: on the digital phantom it gives area density (AEE) 1.355 (reference 1.36 +- 0.01), the
 *   true area 1.304. So the features use it.
 * - 'exact': alpha = sqrt(1 - c^2/a^2), beta = sqrt(1 - c^2/b^2), for which the series is the true
 *   surface area (to the truncation error).
 * (alpha beta)^nu P_nu(x) is evaluated as Q_nu by Bonnet's recurrence scaled by (alpha beta):
 *   Q_0 = 1, Q_1 = s, (nu + 1) Q_{nu+1} = (2 nu + 1) s Q_nu - nu (alpha beta)^2 Q_{nu-1}, s = (alpha^2 + beta^2)/2,
 * which stays finite when alpha beta = 0 (a sphere, or two equal axes). NaN when a = 0.
 */
export function ellipsoidSurfaceArea(a: number, b: number, c: number, terms = 20, eccentricities: 'ibsi' | 'exact' = 'ibsi'): number {
  const alpha2 = eccentricities === 'ibsi' ? 1 - (b * b) / (a * a) : 1 - (c * c) / (a * a);
  const beta2 = eccentricities === 'ibsi' ? 1 - (c * c) / (a * a) : 1 - (c * c) / (b * b);
  const s = (alpha2 + beta2) / 2;
  const ab2 = Math.max(0, alpha2) * Math.max(0, beta2);
  let qPrev = 1;
  let q = s;
  let sum = 1; // nu = 0: Q_0 / (1 - 0) = 1
  for (let nu = 1; nu <= terms; nu++) {
    sum += q / (1 - 4 * nu * nu);
    const next = ((2 * nu + 1) * s * q - nu * ab2 * qPrev) / (nu + 1);
    qPrev = q;
    q = next;
  }
  return 4 * Math.PI * a * b * sum;
}

/** An ellipsoid {x : (x - centre)^T A (x - centre) <= 1} by its centre, semi-axes (descending) and axes. */
export interface Ellipsoid {
  readonly centre: [number, number, number];
  /** Semi-axis lengths, descending. */
  readonly semiAxes: [number, number, number];
  /** Unit axis directions, axes[k] for semiAxes[k]. */
  readonly axes: [[number, number, number], [number, number, number], [number, number, number]];
  /** Khachiyan iterations used. */
  readonly iterations: number;
}

export interface MveeOptions {
  /**
   * Stopping tolerance tau (IBSI's default 0.001): iterate until max_j omega_j <= (1 + tau)(d + 1),
   * where omega_j is point j's lifted Mahalanobis norm. The ellipsoid is then scaled to contain every
   * point, so it encloses them and its volume is at most (1 + tau)^{(d+1)/2} ~ 1.0015 times the minimum.
   */
  readonly tolerance?: number;
  /** Iteration cap (default 100000); the result is still enclosing when it is reached. */
  readonly maxIterations?: number;
}

/**
 * Minimum volume enclosing ellipsoid of points (x, y, z interleaved), by Khachiyan's barycentric
 * coordinate ascent (Khachiyan 1996) with the away steps of Todd & Yildirim (2007, "WA-TY") and the
 * Kumar-Yildirim initial core set (extremes along the coordinate axes). Each iteration moves weight to
 * the point of largest omega_j, or away from the weighted point of smallest omega_j, by the exact line
 * search; X^-1 and all omega_j are updated by Sherman-Morrison in O(n) and recomputed every 200
 * iterations to stop drift. Deterministic. Throws InvalidArgument when the points do not span 3D.
 */
export function minimumVolumeEnclosingEllipsoid(points: ArrayLike<number>, options: MveeOptions = {}): Ellipsoid {
  const tol = options.tolerance ?? 1e-3;
  const maxIter = options.maxIterations ?? 100_000;
  const start = mveeStart(points);
  // The iteration loop lives in a helper, so that V8 compiles it alone rather than this whole function
  // with mveeStart and mveeFinish inlined, on the fly (see fftSums in spatial.ts).
  const it = khachiyanIterations(start.q, start.u, start.xinv, start.n, tol, maxIter);
  return mveeFinish(start.q, start.u, start.n, start.centre, it);
}

/**
 * One WA-TY step, with m = d + 1 = 4: toward j+ (Khachiyan step) or away from j- (Todd-Yildirim), whichever
 * is further from optimal, by the exact line search; X^-1 (xinv) is updated in place for
 * u <- (1 - step) u + step e_j, X <- (1 - step) X + step q_j q_j^T (Sherman-Morrison, g = X^-1 q_j before
 * the update). Returns j; out = [step, denom, scale], which the omega_i update needs as well.
 */
export function mveeStep(q: Float64Array, xinv: Float64Array, omega: Float64Array, u: Float64Array, jPlus: number, jMinus: number, g: Float64Array, out: Float64Array): number {
  const m = 4;
  const kPlus = omega[jPlus];
  const kMinus = omega[jMinus];
  let j: number;
  let step: number;
  if (kPlus / m - 1 >= 1 - kMinus / m) {
    j = jPlus;
    step = (kPlus - m) / (m * (kPlus - 1));
  } else {
    j = jMinus;
    step = Math.max((kMinus - m) / (m * (kMinus - 1)), -u[j] / (1 - u[j]));
  }
  const kj = omega[j];
  for (let r = 0; r < 4; r++) g[r] = xinv[4 * r] * q[4 * j] + xinv[4 * r + 1] * q[4 * j + 1] + xinv[4 * r + 2] * q[4 * j + 2] + xinv[4 * r + 3] * q[4 * j + 3];
  const denom = 1 - step + step * kj;
  const scale = 1 / (1 - step);
  for (let r = 0; r < 4; r++) for (let s = 0; s < 4; s++) xinv[4 * r + s] = scale * (xinv[4 * r + s] - (step * g[r] * g[s]) / denom);
  out[0] = step;
  out[1] = denom;
  out[2] = scale;
  return j;
}

/**
 * The WA-TY iterations from weights u (updated in place) and X^-1 = xinv (mveeStart's) until the
 * tolerance or the iteration cap is reached; returns the number of iterations.
 */
function khachiyanIterations(q: Float64Array, u: Float64Array, xinv: Float64Array, n: number, tol: number, maxIter: number): number {
  const d = 3;
  const m = d + 1;
  const omega = new Float64Array(n);
  computeOmega(q, xinv, omega, n);
  const g = new Float64Array(4);
  const picks = new Int32Array(2);
  const coeffs = new Float64Array(3);
  // jPlus: the first point of largest omega; jMinus: the first weighted point of smallest omega.
  // Found by a scan after each refresh, otherwise during the previous iteration's update pass.
  let jPlus = 0;
  let jMinus = -1;
  let it = 0;
  for (; it < maxIter; it++) {
    if (it % 200 === 0) {
      // Recompute X^-1 and omega every 200 iterations, against drift of the rank-one updates.
      const fresh = it > 0 ? liftedInverse(q, u, n) : null;
      if (fresh !== null) {
        xinv = fresh;
        computeOmega(q, xinv, omega, n);
      }
      extremePoints(omega, u, n, picks);
      jPlus = picks[0];
      jMinus = picks[1];
    }
    if (omega[jPlus] <= (1 + tol) * m) break;
    const j = mveeStep(q, xinv, omega, u, jPlus, jMinus, g, coeffs);
    // One pass: omega_i by Sherman-Morrison, u_i, and the next iteration's j+ and j- (O(n) per iteration).
    update(q, omega, u, g, coeffs[0], coeffs[1], coeffs[2], j, picks);
    jPlus = picks[0];
    jMinus = picks[1];
  }
  return it;
}

/** picks = [j+, j-] by a scan: the first index of the largest omega, and of the smallest among u_i > 0 (-1 if none). */
function extremePoints(omega: Float64Array, u: Float64Array, n: number, picks: Int32Array): void {
  let jPlus = 0;
  let jMinus = -1;
  for (let i = 0; i < n; i++) {
    if (omega[i] > omega[jPlus]) jPlus = i;
    if (u[i] > 0 && (jMinus < 0 || omega[i] < omega[jMinus])) jMinus = i;
  }
  picks[0] = jPlus;
  picks[1] = jMinus;
}

/**
 * The rank-one update of one iteration over all points: omega_i <- (omega_i - step (q_i . g)^2 / denom) / (1 - step),
 * u <- (1 - step) u + step e_j (a weight below 1e-300 becomes 0); then picks = [j+, j-] for the next
 * iteration, as a scan gives them: the first index of the largest omega, and of the smallest among u_i > 0.
 */
function update(q: Float64Array, omega: Float64Array, u: Float64Array, g: Float64Array, step: number, denom: number, scale: number, j: number, picks: Int32Array): void {
  const g0 = g[0];
  const g1 = g[1];
  const g2 = g[2];
  const g3 = g[3];
  const keep = 1 - step;
  let jPlus = -1;
  let jMinus = -1;
  let wPlus = -Infinity;
  let wMinus = Infinity;
  for (let i = 0; i < omega.length; i++) {
    const gi = q[4 * i] * g0 + q[4 * i + 1] * g1 + q[4 * i + 2] * g2 + q[4 * i + 3] * g3;
    const w = scale * (omega[i] - (step * gi * gi) / denom);
    omega[i] = w;
    // Most weights are 0 and stay 0 (0 (1 - step) = 0: step < 1); only the support and j change.
    if (u[i] > 0 || i === j) {
      let ui = u[i] * keep;
      if (i === j) {
        ui += step;
        if (ui < 1e-300) ui = 0;
      }
      u[i] = ui;
      if (ui > 0 && (jMinus < 0 || w < wMinus)) {
        jMinus = i;
        wMinus = w;
      }
    }
    if (i === 0 || w > wPlus) {
      jPlus = i;
      wPlus = w;
    }
  }
  picks[0] = jPlus;
  picks[1] = jMinus;
}

/**
 * The ellipsoid of MVEE weights u over the lifted points q (mveeStart): centre c = sum u_j p_j, shape
 * A = (1/d) (sum u_j p p^T - c c^T)^-1, then scaled to enclose every point; `centre` (mveeStart's)
 * is added back. `iterations` is reported as given.
 */
export function mveeFinish(q: Float64Array, u: Float64Array, n: number, [cx, cy, cz]: readonly [number, number, number], iterations: number): Ellipsoid {
  const d = 3;
  // One helper per loop over the points (see minimumVolumeEnclosingEllipsoid).
  const sums = new Float64Array(6);
  weightedCentre(q, u, n, sums);
  const mx = sums[0];
  const my = sums[1];
  const mz = sums[2];
  weightedScatter(q, u, n, mx, my, mz, sums);
  // Semi-axes of {x : x^T (d S)^-1 x <= 1} are sqrt(d lambda_k(S)) along S's eigenvectors.
  const eig = symmetricEigen3(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5]);
  const axes = eig.vectors;
  const worst = largestNormalisedRadius(q, n, mx, my, mz, axes, eig.values);
  const grow = Math.sqrt(Math.max(worst, 0));
  const semiAxes = eig.values.map((l) => Math.sqrt(d * Math.max(l, 0)) * grow) as [number, number, number];
  return { centre: [mx + cx, my + cy, mz + cz], semiAxes, axes, iterations };
}

/** out[0 .. 2] = sum_i u_i p_i over the lifted points q. */
function weightedCentre(q: Float64Array, u: Float64Array, n: number, out: Float64Array): void {
  let mx = 0;
  let my = 0;
  let mz = 0;
  for (let i = 0; i < n; i++) {
    mx += u[i] * q[4 * i];
    my += u[i] * q[4 * i + 1];
    mz += u[i] * q[4 * i + 2];
  }
  out[0] = mx;
  out[1] = my;
  out[2] = mz;
}

/** out = (sxx, sxy, sxz, syy, syz, szz) of S = sum_i u_i (p_i - m)(p_i - m)^T, m = (mx, my, mz). */
function weightedScatter(q: Float64Array, u: Float64Array, n: number, mx: number, my: number, mz: number, out: Float64Array): void {
  let sxx = 0;
  let sxy = 0;
  let sxz = 0;
  let syy = 0;
  let syz = 0;
  let szz = 0;
  for (let i = 0; i < n; i++) {
    if (u[i] === 0) continue;
    const x = q[4 * i] - mx;
    const y = q[4 * i + 1] - my;
    const z = q[4 * i + 2] - mz;
    sxx += u[i] * x * x;
    sxy += u[i] * x * y;
    sxz += u[i] * x * z;
    syy += u[i] * y * y;
    syz += u[i] * y * z;
    szz += u[i] * z * z;
  }
  out[0] = sxx;
  out[1] = sxy;
  out[2] = sxz;
  out[3] = syy;
  out[4] = syz;
  out[5] = szz;
}

/** max(0, max_i sum_k (t_ik^2 / (d lambda_k))), t_ik = (p_i - m) . axes[k]: the squared growth that makes the ellipsoid enclose every point. */
function largestNormalisedRadius(q: Float64Array, n: number, mx: number, my: number, mz: number, axes: readonly (readonly number[])[], values: readonly number[]): number {
  const d = 3;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const x = q[4 * i] - mx;
    const y = q[4 * i + 1] - my;
    const z = q[4 * i + 2] - mz;
    let r = 0;
    for (let k = 0; k < 3; k++) {
      const t = x * axes[k][0] + y * axes[k][1] + z * axes[k][2];
      r += (t * t) / (d * values[k]);
    }
    if (r > worst) worst = r;
  }
  return worst;
}

/**
 * The start of the MVEE iteration: the points centred (the MVEE is translation-equivariant; this
 * conditions it) and lifted to q_j = (p_j - c, 1), 4 per point; weights u uniform on the extremes
 * along each axis (Kumar-Yildirim), or on all points when those are coplanar; and the inverse of
 * sum_j u_j q_j q_j^T. InvalidArgument when the points do not span 3D.
 */
export function mveeStart(points: ArrayLike<number>): { n: number; centre: [number, number, number]; q: Float64Array; u: Float64Array; xinv: Float64Array } {
  const n = Math.floor(points.length / 3);
  let cx = 0;
  let cy = 0;
  let cz = 0;
  for (let i = 0; i < n; i++) {
    cx += points[3 * i];
    cy += points[3 * i + 1];
    cz += points[3 * i + 2];
  }
  cx /= n;
  cy /= n;
  cz /= n;
  const q = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    q[4 * i] = points[3 * i] - cx;
    q[4 * i + 1] = points[3 * i + 1] - cy;
    q[4 * i + 2] = points[3 * i + 2] - cz;
    q[4 * i + 3] = 1;
  }
  const u = new Float64Array(n);
  const core = new Set<number>();
  for (let axis = 0; axis < 3; axis++) {
    let lo = 0;
    let hi = 0;
    for (let i = 1; i < n; i++) {
      if (q[4 * i + axis] < q[4 * lo + axis]) lo = i;
      if (q[4 * i + axis] > q[4 * hi + axis]) hi = i;
    }
    core.add(lo);
    core.add(hi);
  }
  for (const i of core) u[i] = 1 / core.size;
  let xinv = liftedInverse(q, u, n);
  if (xinv === null) {
    u.fill(1 / n);
    xinv = liftedInverse(q, u, n);
    if (xinv === null) throw new RadiomicsError('InvalidArgument', `minimumVolumeEnclosingEllipsoid: the ${n} points do not span 3D`, { points: n });
  }
  return { n, centre: [cx, cy, cz], q, u, xinv };
}

/** (sum_j u_j q_j q_j^T)^-1 (4 x 4, row-major), or null when singular. */
export function liftedInverse(q: Float64Array, u: Float64Array, n: number): Float64Array | null {
  const x = new Float64Array(16);
  for (let i = 0; i < n; i++) {
    const w = u[i];
    if (w === 0) continue;
    for (let r = 0; r < 4; r++) {
      const qr = w * q[4 * i + r];
      for (let s = r; s < 4; s++) x[4 * r + s] += qr * q[4 * i + s];
    }
  }
  for (let r = 0; r < 4; r++) for (let s = 0; s < r; s++) x[4 * r + s] = x[4 * s + r];
  return invert4(x);
}

/** Gauss-Jordan inverse with partial pivoting; null when a pivot vanishes relative to the matrix scale. */
function invert4(m: Float64Array): Float64Array | null {
  const a = Float64Array.from(m);
  const inv = new Float64Array(16);
  for (let i = 0; i < 4; i++) inv[5 * i] = 1;
  let scale = 0;
  for (let i = 0; i < 16; i++) scale = Math.max(scale, Math.abs(a[i]));
  if (scale === 0) return null;
  for (let col = 0; col < 4; col++) {
    let piv = col;
    for (let r = col + 1; r < 4; r++) if (Math.abs(a[4 * r + col]) > Math.abs(a[4 * piv + col])) piv = r;
    if (Math.abs(a[4 * piv + col]) <= 1e-13 * scale) return null;
    if (piv !== col) {
      for (let s = 0; s < 4; s++) {
        [a[4 * col + s], a[4 * piv + s]] = [a[4 * piv + s], a[4 * col + s]];
        [inv[4 * col + s], inv[4 * piv + s]] = [inv[4 * piv + s], inv[4 * col + s]];
      }
    }
    const p = a[4 * col + col];
    for (let s = 0; s < 4; s++) {
      a[4 * col + s] /= p;
      inv[4 * col + s] /= p;
    }
    for (let r = 0; r < 4; r++) {
      if (r === col) continue;
      const f = a[4 * r + col];
      if (f === 0) continue;
      for (let s = 0; s < 4; s++) {
        a[4 * r + s] -= f * a[4 * col + s];
        inv[4 * r + s] -= f * inv[4 * col + s];
      }
    }
  }
  return inv;
}

export function computeOmega(q: Float64Array, xinv: Float64Array, omega: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let r = 0; r < 4; r++) {
      let t = 0;
      for (let c = 0; c < 4; c++) t += xinv[4 * r + c] * q[4 * i + c];
      s += q[4 * i + r] * t;
    }
    omega[i] = s;
  }
}
