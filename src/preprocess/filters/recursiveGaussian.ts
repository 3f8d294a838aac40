import { RadiomicsError } from '../../errors.js';
import type { Vec3, Volume } from '../../image/volume.js';
import { float64Voxels, responseVolume } from './grid.js';

/**
 * ITK's recursive Gaussian (itkRecursiveGaussianImageFilter.hxx, itkRecursiveSeparableImageFilter.hxx), read
 * and re-derived, not copied: Deriche's 4th-order recursive approximation of the Gaussian and its derivatives
 * (R. Deriche, "Recursively implementing the Gaussian and its derivatives", INRIA RR-1893, 1993) with the
 * parameters of Farnebäck & Westin, "Improving Deriche-style recursive Gaussian filters" (J. Math. Imaging
 * Vis. 2006, table 3), which ITK uses. Along a line x[0..n-1]:
 *   causal      y+[i] = N0 x[i] + N1 x[i-1] + N2 x[i-2] + N3 x[i-3] - (D1 y+[i-1] + ... + D4 y+[i-4])
 *   anticausal  y-[i] = M1 x[i+1] + M2 x[i+2] + M3 x[i+3] + M4 x[i+4] - (D1 y-[i+1] + ... + D4 y-[i+4])
 *   y = y+ + y-,
 * the line continued beyond each end by its edge value (ITK's "assumed to exist from the border to
 * infinity"), whose steady-state filter response starts each recursion (ITK's BN / BM coefficients).
 */
export type GaussianOrder = 0 | 1 | 2;

/** The recursion coefficients of one 1D pass (ITK's m_N*, m_M*, m_D*, m_BN*, m_BM*). */
export interface RecursiveCoefficients {
  readonly n: readonly [number, number, number, number];
  readonly m: readonly [number, number, number, number];
  readonly d: readonly [number, number, number, number];
  readonly bn: readonly [number, number, number, number];
  readonly bm: readonly [number, number, number, number];
}

// Farnebäck & Westin 2006, table 3: a (A), b (B) per order 0, 1, 2; omega (W) and lambda (L) per pair.
const A1 = [1.353, -0.6724, -1.3563];
const B1 = [1.8151, -3.4327, 5.2318];
const W1 = 0.6681;
const L1 = -1.3932;
const A2 = [-0.3531, 0.6724, 0.3446];
const B2 = [0.0902, 0.61, -2.2355];
const W2 = 2.0787;
const L2 = -1.3732;

/** Numerator coefficients N0..N3 and the sums SN, DN, EN of the causal part for one (a, b) pair set. */
function nCoefficients(sd: number, a1: number, b1: number, a2: number, b2: number): { n: [number, number, number, number]; sn: number; dn: number; en: number } {
  const sin1 = Math.sin(W1 / sd);
  const sin2 = Math.sin(W2 / sd);
  const cos1 = Math.cos(W1 / sd);
  const cos2 = Math.cos(W2 / sd);
  const exp1 = Math.exp(L1 / sd);
  const exp2 = Math.exp(L2 / sd);
  const n0 = a1 + a2;
  let n1 = exp2 * (b2 * sin2 - (a2 + 2 * a1) * cos2);
  n1 += exp1 * (b1 * sin1 - (a1 + 2 * a2) * cos1);
  let n2 = (a1 + a2) * cos2 * cos1;
  n2 -= b1 * cos2 * sin1 + b2 * cos1 * sin2;
  n2 *= 2 * exp1 * exp2;
  n2 += a2 * exp1 * exp1 + a1 * exp2 * exp2;
  let n3 = exp2 * exp1 * exp1 * (b2 * sin2 - a2 * cos2);
  n3 += exp1 * exp2 * exp2 * (b1 * sin1 - a1 * cos1);
  return { n: [n0, n1, n2, n3], sn: n0 + n1 + n2 + n3, dn: n1 + 2 * n2 + 3 * n3, en: n1 + 4 * n2 + 9 * n3 };
}

/**
 * Coefficients of a pass of order 0 (Gaussian), 1 or 2 (derivatives) for sigma in voxels (sigmaMm / spacing).
 * Each is normalised so that the discrete filter has the exact moment of its order (ITK's alpha0, alpha1,
 * alpha2: sum of the kernel 1; first moment 1; second moment 2), times sigmaMm^order when normalizeAcrossScale.
 */
export function recursiveGaussianCoefficients(sigmaMm: number, spacing: number, order: GaussianOrder, normalizeAcrossScale: boolean): RecursiveCoefficients {
  const sd = sigmaMm / spacing;
  const cos1 = Math.cos(W1 / sd);
  const cos2 = Math.cos(W2 / sd);
  const exp1 = Math.exp(L1 / sd);
  const exp2 = Math.exp(L2 / sd);
  const d4 = exp1 * exp1 * exp2 * exp2;
  let d3 = -2 * cos1 * exp1 * exp2 * exp2;
  d3 += -2 * cos2 * exp2 * exp1 * exp1;
  let d2 = 4 * cos2 * cos1 * exp1 * exp2;
  d2 += exp1 * exp1 + exp2 * exp2;
  const d1 = -2 * (exp2 * cos2 + exp1 * cos1);
  const SD = 1.0 + d1 + d2 + d3 + d4;
  const DD = d1 + 2 * d2 + 3 * d3 + 4 * d4;
  const ED = d1 + 4 * d2 + 9 * d3 + 16 * d4;
  let n: [number, number, number, number];
  let scale: number;
  if (order === 0) {
    const c = nCoefficients(sd, A1[0], B1[0], A2[0], B2[0]);
    const alpha0 = (2 * c.sn) / SD - c.n[0];
    n = c.n;
    scale = 1 / alpha0;
  } else if (order === 1) {
    const c = nCoefficients(sd, A1[1], B1[1], A2[1], B2[1]);
    const alpha1 = (2 * (c.sn * DD - c.dn * SD)) / (SD * SD);
    n = c.n;
    scale = (normalizeAcrossScale ? sigmaMm : 1) / alpha1;
  } else {
    const c0 = nCoefficients(sd, A1[0], B1[0], A2[0], B2[0]);
    const c2 = nCoefficients(sd, A1[2], B1[2], A2[2], B2[2]);
    // beta makes the kernel sum to zero (no response to a constant).
    const beta = -(2 * c2.sn - SD * c2.n[0]) / (2 * c0.sn - SD * c0.n[0]);
    n = [c2.n[0] + beta * c0.n[0], c2.n[1] + beta * c0.n[1], c2.n[2] + beta * c0.n[2], c2.n[3] + beta * c0.n[3]];
    const SN = c2.sn + beta * c0.sn;
    const DN = c2.dn + beta * c0.dn;
    const EN = c2.en + beta * c0.en;
    let alpha2 = EN * SD * SD - ED * SN * SD - 2 * DN * DD * SD + 2 * DD * DD * SN;
    alpha2 /= SD * SD * SD;
    scale = (normalizeAcrossScale ? sigmaMm * sigmaMm : 1) / alpha2;
  }
  n = [n[0] * scale, n[1] * scale, n[2] * scale, n[3] * scale];
  const d: [number, number, number, number] = [d1, d2, d3, d4];
  // The anticausal numerators: mirrored (even orders) or antisymmetric (odd order) to the causal ones.
  const sign = order === 1 ? -1 : 1;
  const m: [number, number, number, number] = [sign * (n[1] - d1 * n[0]), sign * (n[2] - d2 * n[0]), sign * (n[3] - d3 * n[0]), -sign * d4 * n[0]];
  const SN = n[0] + n[1] + n[2] + n[3];
  const SM = m[0] + m[1] + m[2] + m[3];
  const SDr = 1.0 + d1 + d2 + d3 + d4;
  return { n, m, d, bn: d.map((x) => (x * SN) / SDr) as unknown as [number, number, number, number], bm: d.map((x) => (x * SM) / SDr) as unknown as [number, number, number, number] };
}

/** One recursive pass over a line of length ln >= 4 (ITK's FilterDataArray); `out` and `scratch` of length ln. */
function filterLine(x: Float64Array, ln: number, c: RecursiveCoefficients, out: Float64Array, scratch: Float64Array): void {
  const [n0, n1, n2, n3] = c.n;
  const [m1, m2, m3, m4] = c.m;
  const [d1, d2, d3, d4] = c.d;
  const [bn1, bn2, bn3, bn4] = c.bn;
  const [bm1, bm2, bm3, bm4] = c.bm;
  const v1 = x[0];
  out[0] = v1 * n0 + v1 * n1 + v1 * n2 + v1 * n3;
  out[1] = x[1] * n0 + v1 * n1 + v1 * n2 + v1 * n3;
  out[2] = x[2] * n0 + x[1] * n1 + v1 * n2 + v1 * n3;
  out[3] = x[3] * n0 + x[2] * n1 + x[1] * n2 + v1 * n3;
  out[0] -= v1 * bn1 + v1 * bn2 + v1 * bn3 + v1 * bn4;
  out[1] -= out[0] * d1 + v1 * bn2 + v1 * bn3 + v1 * bn4;
  out[2] -= out[1] * d1 + out[0] * d2 + v1 * bn3 + v1 * bn4;
  out[3] -= out[2] * d1 + out[1] * d2 + out[0] * d3 + v1 * bn4;
  for (let i = 4; i < ln; i++) {
    out[i] = x[i] * n0 + x[i - 1] * n1 + x[i - 2] * n2 + x[i - 3] * n3;
    out[i] -= out[i - 1] * d1 + out[i - 2] * d2 + out[i - 3] * d3 + out[i - 4] * d4;
  }
  const v2 = x[ln - 1];
  scratch[ln - 1] = v2 * m1 + v2 * m2 + v2 * m3 + v2 * m4;
  scratch[ln - 2] = x[ln - 1] * m1 + v2 * m2 + v2 * m3 + v2 * m4;
  scratch[ln - 3] = x[ln - 2] * m1 + x[ln - 1] * m2 + v2 * m3 + v2 * m4;
  scratch[ln - 4] = x[ln - 3] * m1 + x[ln - 2] * m2 + x[ln - 1] * m3 + v2 * m4;
  scratch[ln - 1] -= v2 * bm1 + v2 * bm2 + v2 * bm3 + v2 * bm4;
  scratch[ln - 2] -= scratch[ln - 1] * d1 + v2 * bm2 + v2 * bm3 + v2 * bm4;
  scratch[ln - 3] -= scratch[ln - 2] * d1 + scratch[ln - 1] * d2 + v2 * bm3 + v2 * bm4;
  scratch[ln - 4] -= scratch[ln - 3] * d1 + scratch[ln - 2] * d2 + scratch[ln - 1] * d3 + v2 * bm4;
  for (let i = ln - 4; i > 0; i--) {
    scratch[i - 1] = x[i] * m1 + x[i + 1] * m2 + x[i + 2] * m3 + x[i + 3] * m4;
    scratch[i - 1] -= scratch[i] * d1 + scratch[i + 1] * d2 + scratch[i + 2] * d3 + scratch[i + 3] * d4;
  }
  for (let i = 0; i < ln; i++) out[i] += scratch[i];
}

/** A recursive pass along `axis` of an x-fastest array; each output value rounded to float32 (ITK's float images). */
export function recursivePass(data: Float64Array, shape: Vec3, axis: 0 | 1 | 2, c: RecursiveCoefficients): Float64Array {
  const [nx, ny, nz] = shape;
  const ln = shape[axis];
  const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny;
  const out = new Float64Array(data.length);
  const line = new Float64Array(ln);
  const res = new Float64Array(ln);
  const scratch = new Float64Array(ln);
  const run = (offset: number) => {
    for (let i = 0; i < ln; i++) line[i] = data[offset + i * stride];
    filterLine(line, ln, c, res, scratch);
    for (let i = 0; i < ln; i++) out[offset + i * stride] = Math.fround(res[i]);
  };
  if (axis === 0) for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) run(nx * (y + ny * z));
  else if (axis === 1) for (let z = 0; z < nz; z++) for (let x = 0; x < nx; x++) run(x + nx * ny * z);
  else for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) run(x + nx * y);
  return out;
}

export interface RecursiveLogOptions {
  /** Gaussian sigma in mm (PyRadiomics' sigma). */
  readonly sigma: number;
}

/**
 * PyRadiomics' LoG image type: SimpleITK's LaplacianRecursiveGaussianImageFilter with
 * NormalizeAcrossScale(true) (ITK itkLaplacianRecursiveGaussianImageFilter.hxx): for each axis d, the
 * order-2 recursive pass along d, then order-0 passes along the other axes in increasing order, each sigma
 * in voxels = sigma / spacing along its axis, the derivative scaled by sigma^2 (scale normalisation); the
 * sum over d of those results divided by spacing_d^2 (to physical units), so the response approximates
 * sigma^2 (d2/dx2 + d2/dy2 + d2/dz2) (G_sigma * image). Intermediate images are float32, as ITK's.
 * InvalidArgument when an axis has fewer than 4 voxels (ITK refuses such lines; PyRadiomics then skips LoG).
 */
export function recursiveLogFilter(image: Volume, o: RecursiveLogOptions): Volume<Float64Array> {
  if (!(o.sigma > 0) || !Number.isFinite(o.sigma)) throw new RadiomicsError('InvalidArgument', `recursive LoG sigma must be a positive number of mm, got ${o.sigma}`, { sigma: o.sigma });
  const shape = image.shape;
  if (shape.some((n) => n < 4)) throw new RadiomicsError('InvalidArgument', `recursive LoG needs at least 4 voxels along every axis (ITK's recursive Gaussian), the image has ${shape.join(' x ')}; PyRadiomics computes no LoG image then: leave the recursiveLog image type (imageType LoG of a parameter file) out for this image`, { shape: [...shape] });
  const input = float64Voxels(image);
  const sum = new Float64Array(input.length);
  for (const d of [0, 1, 2] as const) {
    let r = recursivePass(input, shape, d, recursiveGaussianCoefficients(o.sigma, image.spacing[d], 2, true));
    for (const a of [0, 1, 2] as const) if (a !== d) r = recursivePass(r, shape, a, recursiveGaussianCoefficients(o.sigma, image.spacing[a], 0, true));
    const inv = 1.0 / (image.spacing[d] * image.spacing[d]);
    for (let i = 0; i < sum.length; i++) sum[i] = Math.fround(sum[i] + r[i] * inv);
  }
  return responseVolume(image, sum);
}
