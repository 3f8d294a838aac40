/**
 * PyRadiomics' 2D shape class (radiomics/shape2D.py and the 2D part of src/cshape.c,
 * `calculate_coefficients2D`; read, not copied), computed in compat mode pyradiomics when config shape2D
 * names the axis along which the ROI is one slice thick (PyRadiomics' force2D with force2Ddimension
 * 0, 1, 2 = z, y, x). IBSI defines no 2D shape features.
 *
 * The contour is marching squares on the slice's mask padded by one background pixel, vertices at the
 * midpoints of pixel edges between an ROI and a background pixel. On a square whose two ROI corners
 * sit on a diagonal, the two are kept apart (cut off by a segment each), as cshape.c's line table does
 * for both diagonals, so the contour is closed: the mesh surface (shoelace sum of the directed segments)
 * does not depend on the origin, and the segments and their lengths are PyRadiomics'.
 * - Mesh surface A: sum over segments (a, b), directed with the ROI on their left, of (a x b) / 2.
 * - Pixel surface: N_p times the pixel area.
 * - Perimeter P: sum of segment lengths.
 * - Maximum diameter: largest distance between two contour vertices (PyRadiomics: every pair; here
 *   only the extremes of each row of vertices, which include every convex-hull vertex).
 * - Axis lengths: eigenvalues of the covariance of the pixel centres (mm) divided by N_p, as PyRadiomics
 *   (not N_p - 1); eigenvalues in (-1e-10, 0) are 0, as PyRadiomics rounds them.
 * Which ROIs: shape2D.py requires the ROI (its bounding box) to be one slice thick along
 * force2Ddimension in numpy's z, y, x order, and so do we. PyRadiomics' featureextractor also checks
 * the bounding box in SimpleITK's x, y, z order against the same index, and skips shape2D (a warning)
 * when that extent is 1: with force2Ddimension 0 an axial ROI one pixel wide in x gets no shape2D
 * columns there. We do not reproduce that inconsistency; such an ROI gets its values here.
 */
import { maskBox } from '../../image/maskBox.js';
import type { Vec3 } from '../../image/volume.js';
import type { FeatureDef } from '../types.js';

/** The axis along which the ROI is one slice thick (PyRadiomics' force2Ddimension 0, 1, 2 = z, y, x). */
export type Shape2dAxis = 'x' | 'y' | 'z';
export const SHAPE2D_AXES: readonly Shape2dAxis[] = ['z', 'y', 'x'];

export interface Shape2dStats {
  /** Mesh surface A (mm^2), perimeter P (mm), maximum diameter (mm). */
  readonly meshSurface: number;
  readonly perimeter: number;
  readonly maximumDiameter: number;
  /** N_p times the pixel area (mm^2). */
  readonly pixelSurface: number;
  /** Eigenvalues of the pixel-centre covariance (divided by N_p), mm^2: major >= minor. */
  readonly lambdaMajor: number;
  readonly lambdaMinor: number;
  /** The ROI's thickness in slices along the axis (1 for a 2D ROI; 0 for an empty mask). */
  readonly slices: number;
}

const UNDEFINED: Omit<Shape2dStats, 'slices'> = { meshSurface: NaN, perimeter: NaN, maximumDiameter: NaN, pixelSurface: NaN, lambdaMajor: NaN, lambdaMinor: NaN };

/**
 * PyRadiomics' 2D shape statistics of `mask` (box, x fastest, `shape`), or NaN everywhere (with `slices`
 * saying why) when the ROI is empty or more than one slice thick along `axis`.
 */
export function shape2dStats(mask: Uint8Array, shape: Vec3, spacing: Vec3, axis: Shape2dAxis): Shape2dStats {
  const box = maskBox(mask, shape);
  const k = axis === 'x' ? 0 : axis === 'y' ? 1 : 2;
  const lo = [box.x0, box.y0, box.z0];
  const hi = [box.x1, box.y1, box.z1];
  const slices = box.count === 0 ? 0 : hi[k] - lo[k] + 1;
  if (slices !== 1) return { ...UNDEFINED, slices };
  // In-plane axes u, v: the other two, in x, y, z order.
  const [u, v] = [0, 1, 2].filter((a) => a !== k);
  const nu = hi[u] - lo[u] + 1;
  const nv = hi[v] - lo[v] + 1;
  // The slice, padded by one background pixel: (nu + 2) x (nv + 2), u fastest.
  const pu = nu + 2;
  const pv = nv + 2;
  const plane = new Uint8Array(pu * pv);
  const stride = [1, shape[0], shape[0] * shape[1]];
  const base = lo[0] * stride[0] + lo[1] * stride[1] + lo[2] * stride[2];
  for (let j = 0; j < nv; j++) {
    for (let i = 0; i < nu; i++) if (mask[base + i * stride[u] + j * stride[v]]) plane[i + 1 + pu * (j + 1)] = 1;
  }
  return { ...planeStats(plane, pu, pv, spacing[u], spacing[v]), slices };
}

/**
 * Corners of a square, counter-clockwise in (u, v), as offsets, and the square edge after each corner:
 * edge e joins corner e and corner e + 1 (mod 4); its midpoint in doubled local coordinates is EDGE_MID[e].
 */
const CORNERS: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];
const EDGE_MID: readonly (readonly [number, number])[] = [
  [1, 0],
  [2, 1],
  [1, 2],
  [0, 1],
];

/**
 * The directed segments of each of the 16 square patterns (bit c: corner c in the ROI), as pairs of
 * edges [from, to]: each run of ROI corners around the square, entered across edge `in` and left across
 * edge `out`, is cut off by the segment out -> in, which has the run on its left (counter-clockwise
 * around the ROI). Diagonal patterns give two runs, kept apart.
 */
const SQUARE_SEGMENTS: readonly (readonly (readonly [number, number])[])[] = Array.from({ length: 16 }, (_, p) => {
  const inside = (c: number) => ((p >> (c & 3)) & 1) === 1;
  const out: [number, number][] = [];
  if (p === 0 || p === 15) return out;
  for (let c = 0; c < 4; c++) {
    if (!inside(c) || inside(c + 3)) continue;
    let last = c;
    while (inside(last + 1)) last++;
    // Entered across edge (c - 1, c), left across edge (last, last + 1).
    out.push([last & 3, (c + 3) & 3]);
  }
  return out;
});

/** Mesh surface, perimeter, diameter and PCA of a padded binary plane (u fastest) with pixel spacing (su, sv). */
function planeStats(plane: Uint8Array, pu: number, pv: number, su: number, sv: number): Omit<Shape2dStats, 'slices'> {
  // Shoelace sum in doubled coordinates (integers, exact): twice the cross product of doubled points is 4 (a x b).
  let cross2 = 0;
  let perimeter = 0;
  const half = [su / 2, sv / 2];
  for (let j = 0; j + 1 < pv; j++) {
    for (let i = 0; i + 1 < pu; i++) {
      let p = 0;
      for (let c = 0; c < 4; c++) if (plane[i + CORNERS[c][0] + pu * (j + CORNERS[c][1])]) p |= 1 << c;
      for (const [from, to] of SQUARE_SEGMENTS[p]) {
        const au = 2 * i + EDGE_MID[from][0];
        const av = 2 * j + EDGE_MID[from][1];
        const bu = 2 * i + EDGE_MID[to][0];
        const bv = 2 * j + EDGE_MID[to][1];
        cross2 += au * bv - av * bu;
        perimeter += Math.hypot((bu - au) * half[0], (bv - av) * half[1]);
      }
    }
  }
  const meshSurface = (cross2 / 8) * su * sv;
  const { count, lambdaMajor, lambdaMinor } = planePca(plane, pu, pv, su, sv);
  return { meshSurface, perimeter, maximumDiameter: planeDiameter(plane, pu, pv, su, sv), pixelSurface: count * su * sv, lambdaMajor, lambdaMinor };
}

/**
 * Largest distance between contour vertices: the midpoints of pixel edges between an ROI and a
 * background pixel. Of the vertices on one row (same doubled v), only the two extremes can be hull
 * vertices, so only those are paired.
 */
function planeDiameter(plane: Uint8Array, pu: number, pv: number, su: number, sv: number): number {
  // Doubled v runs 0 .. 2 pv - 2; per row the least and greatest doubled u.
  const rows = 2 * pv - 1;
  const minU = new Int32Array(rows).fill(2 ** 31 - 1);
  const maxU = new Int32Array(rows).fill(-1);
  const see = (u2: number, v2: number) => {
    if (u2 < minU[v2]) minU[v2] = u2;
    if (u2 > maxU[v2]) maxU[v2] = u2;
  };
  for (let j = 0; j < pv; j++) {
    for (let i = 0; i < pu; i++) {
      const a = plane[i + pu * j];
      if (i + 1 < pu && plane[i + 1 + pu * j] !== a) see(2 * i + 1, 2 * j);
      if (j + 1 < pv && plane[i + pu * (j + 1)] !== a) see(2 * i, 2 * j + 1);
    }
  }
  const pts: number[] = [];
  for (let r = 0; r < rows; r++) {
    if (maxU[r] < 0) continue;
    pts.push(minU[r], r);
    if (maxU[r] !== minU[r]) pts.push(maxU[r], r);
  }
  const hu = su / 2;
  const hv = sv / 2;
  let best = 0;
  for (let a = 0; a < pts.length; a += 2) {
    for (let b = a + 2; b < pts.length; b += 2) {
      const du = (pts[a] - pts[b]) * hu;
      const dv = (pts[a + 1] - pts[b + 1]) * hv;
      const d = du * du + dv * dv;
      if (d > best) best = d;
    }
  }
  return Math.sqrt(best);
}

/** Covariance (divided by N_p) of the pixel centres in mm and its eigenvalues; PyRadiomics' rounding of tiny negatives to 0. */
function planePca(plane: Uint8Array, pu: number, pv: number, su: number, sv: number): { count: number; lambdaMajor: number; lambdaMinor: number } {
  let n = 0;
  let si = 0;
  let sj = 0;
  for (let j = 0; j < pv; j++) {
    for (let i = 0; i < pu; i++) {
      if (!plane[i + pu * j]) continue;
      n++;
      si += i;
      sj += j;
    }
  }
  const mi = si / n;
  const mj = sj / n;
  let cuu = 0;
  let cvv = 0;
  let cuv = 0;
  for (let j = 0; j < pv; j++) {
    for (let i = 0; i < pu; i++) {
      if (!plane[i + pu * j]) continue;
      const du = (i - mi) * su;
      const dv = (j - mj) * sv;
      cuu += du * du;
      cvv += dv * dv;
      cuv += du * dv;
    }
  }
  cuu /= n;
  cvv /= n;
  cuv /= n;
  // Eigenvalues of [[cuu, cuv], [cuv, cvv]]: mean +- sqrt(((cuu - cvv) / 2)^2 + cuv^2).
  const mean = (cuu + cvv) / 2;
  const r = Math.hypot((cuu - cvv) / 2, cuv);
  const roundTiny = (l: number) => (l < 0 && l > -1e-10 ? 0 : l);
  return { count: n, lambdaMajor: roundTiny(mean + r), lambdaMinor: roundTiny(mean - r) };
}

const NOT_2D = 'the ROI is more than one slice thick along the shape2D axis (PyRadiomics raises a ValueError: "Size of the mask in dimension ... is more than 1"), or empty';
const ONE_PIXEL = 'the ROI is one pixel, so both eigenvalues are 0 (PyRadiomics: nan)';

/** One 2D shape feature of PyRadiomics (compat mode pyradiomics, with config shape2D). */
function shape2dFeature(name: string, column: string, formula: string, compute: (s: Shape2dStats) => number, undefinedWhen = NOT_2D, note?: string): FeatureDef<{ readonly shape2d: Shape2dStats }> {
  return {
    name: `${name} (PyRadiomics shape2D)`,
    ibsi: null,
    noIbsiReason: `PyRadiomics' 2D shape feature ${column} (shape2D.py); IBSI defines no 2D shape features.`,
    compat: 'pyradiomics',
    formula,
    ...(note === undefined ? {} : { note }),
    undefinedWhen,
    compute: (s) => compute(s.shape2d),
  };
}

/**
 * PyRadiomics' 10 shape2D features (columns original_shape2D_<Feature>), computed only in compat mode
 * pyradiomics with config shape2D set. Morphology family keys start with shape2d.
 */
export const SHAPE2D_FEATURES = {
  shape2dMeshSurface: shape2dFeature('Mesh surface', 'MeshSurface', String.raw`A = \sum_{i=1}^{N_f} \frac{1}{2}\,\mathbf{Oa}_i \times \mathbf{Ob}_i`, (s) => s.meshSurface, NOT_2D, 'Marching squares at the pixel-edge midpoints, diagonal ROI pixels kept apart; signed triangle areas from the origin, so the sum is the area inside the closed contour.'),
  shape2dPixelSurface: shape2dFeature('Pixel surface', 'PixelSurface', String.raw`A_{pixel} = \sum_{k=1}^{N_p} A_k`, (s) => s.pixelSurface),
  shape2dPerimeter: shape2dFeature('Perimeter', 'Perimeter', String.raw`P = \sum_{i=1}^{N_f} \left\|\mathbf{a}_i - \mathbf{b}_i\right\|_2`, (s) => s.perimeter),
  shape2dPerimeterSurfaceRatio: shape2dFeature('Perimeter to surface ratio', 'PerimeterSurfaceRatio', String.raw`\frac{P}{A}`, (s) => s.perimeter / s.meshSurface),
  shape2dSphericity: shape2dFeature('Sphericity', 'Sphericity', String.raw`\frac{2\sqrt{\pi A}}{P}`, (s) => (2 * Math.sqrt(Math.PI * s.meshSurface)) / s.perimeter),
  shape2dSphericalDisproportion: shape2dFeature('Spherical disproportion', 'SphericalDisproportion', String.raw`\frac{P}{2\sqrt{\pi A}}`, (s) => s.perimeter / (2 * Math.sqrt(Math.PI * s.meshSurface)), NOT_2D, 'Deprecated in PyRadiomics (the inverse of Sphericity); computed when listed.'),
  shape2dMaximumDiameter: shape2dFeature('Maximum diameter', 'MaximumDiameter', String.raw`\max_{k_1, k_2} \left\|\vec{X}_{vx,k_1} - \vec{X}_{vx,k_2}\right\|_2`, (s) => s.maximumDiameter, NOT_2D, 'Over the contour vertices (pixel-edge midpoints).'),
  shape2dMajorAxisLength: shape2dFeature('Major axis length', 'MajorAxisLength', String.raw`4\sqrt{\lambda_{major}}`, (s) => 4 * Math.sqrt(s.lambdaMajor), NOT_2D, 'lambda: eigenvalues of the covariance of the pixel centres (mm) divided by N_p (PyRadiomics), not N_p - 1.'),
  shape2dMinorAxisLength: shape2dFeature('Minor axis length', 'MinorAxisLength', String.raw`4\sqrt{\lambda_{minor}}`, (s) => 4 * Math.sqrt(s.lambdaMinor)),
  shape2dElongation: shape2dFeature('Elongation', 'Elongation', String.raw`\sqrt{\frac{\lambda_{minor}}{\lambda_{major}}}`, (s) => Math.sqrt(s.lambdaMinor / s.lambdaMajor), `${NOT_2D}; or ${ONE_PIXEL}`),
} as const;

export const SHAPE2D_KEYS: ReadonlySet<string> = new Set(Object.keys(SHAPE2D_FEATURES));
