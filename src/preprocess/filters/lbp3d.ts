import { RadiomicsError } from '../../errors.js';
import type { Vec3, Volume } from '../../image/volume.js';
import { float64Voxels, responseVolume } from './grid.js';

/**
 * PyRadiomics' LBP3D image type (imageoperations.py getLBP3DImage; Banerjee et al., "3D LBP-based rotationally
 * invariant region description", ACCV 2012 workshops), read and re-derived, not copied:
 *
 * 1. Neighbours: the vertices v of an icosphere of radius R (trimesh.creation.icosphere(subdivision, R): the
 *    regular icosahedron with vertices (+-a, +-b, 0), (0, +-a, +-b), (+-b, 0, +-a), a = 1 / sqrt(1 + phi^2),
 *    b = phi a, each subdivision adding the normalised midpoint of every edge; 12, 42, 162, ... vertices).
 *    Vertex component 0 is an offset along the slowest array axis (z), 1 along y, 2 along x, in voxels.
 * 2. Samples f_v = the image at voxel + v by scipy.ndimage.map_coordinates(order 3, mode 'constant'): cubic
 *    B-spline interpolation, the spline coefficients from the whole image with the whole-sample mirror
 *    boundary, a sample outside [0, n - 1] on any axis is 0; for an integer-typed image the sample is
 *    rounded half away from zero, as map_coordinates writes into an output of the input's type.
 * 3. Kurtosis image 'k': scipy.stats.kurtosis(f) = m4 / m2^2 - 3 (population moments). Where the samples are
 *    flat (m2 <= (1e-15 mean)^2) scipy returns NaN; here 0 (docs/pyradiomics.md).
 * 4. Bits b_v = [f_v >= the voxel's own intensity]; for each level n < levels, with Y_nm = scipy's
 *    sph_harm(m, n, theta, phi) called as PyRadiomics calls it (theta = arccos(v_2 / R) in the azimuth slot,
 *    phi = atan2(v_1, v_0) in the polar slot: Y_nm = N_nm P_n^|m|(cos phi) e^{i m theta}, N_nm^2 =
 *    (2n + 1) / (4 pi) (n - |m|)! / (n + |m|)!; a sign per (n, m) cancels below):
 *    c_nm = sum_v b_v Y_nm(v); g_n(v) = sum_m c_nm Y_nm(v); level image 'm(n+1)' = Re sqrt(sum_v g_n(v)^2),
 *    the square and the square root complex (numpy on complex arrays, principal root).
 *    Level 1 (n = 0) is sqrt(N_v) (number of bits set) / (4 pi).
 * The response is computed on `region` (PyRadiomics: the ROI voxels) and 0 elsewhere.
 */
export interface Lbp3dOptions {
  /** Spherical-harmonic levels (lbp3DLevels, default 2): level images m1 .. m<levels>. */
  readonly levels: number;
  /** Icosphere radius in voxels (lbp3DIcosphereRadius, default 1). */
  readonly icosphereRadius: number;
  /** Icosphere subdivisions (lbp3DIcosphereSubdivision, default 1: 42 vertices). */
  readonly icosphereSubdivision: number;
  /** The image PyRadiomics names lbp-3D-<output>: k (kurtosis) or m1 .. m<levels>. */
  readonly output: string;
}

/** A box of voxels [offset, offset + shape) where a response is needed. */
export interface FilterRegion {
  readonly offset: Vec3;
  readonly shape: Vec3;
}

/** Vertices of trimesh's icosphere (unordered: every use below is a sum over vertices), each of length `radius`. */
export function icosphereVertices(subdivision: number, radius: number): Vec3[] {
  const phi = (1 + Math.sqrt(5)) / 2;
  const base: Vec3[] = [];
  for (const s of [-1, 1]) for (const t of [-1, 1]) base.push([s, t * phi, 0], [0, s, t * phi], [t * phi, 0, s]);
  const verts = base.map(unit);
  // Faces: triples of mutually adjacent vertices (adjacent = at the shortest distance, the icosahedron's edge).
  const d2 = (p: Vec3, q: Vec3) => (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 + (p[2] - q[2]) ** 2;
  const edge = Math.min(...verts.slice(1).map((v) => d2(verts[0], v)));
  const adjacent = (i: number, j: number) => Math.abs(d2(verts[i], verts[j]) - edge) < 1e-9;
  let faces: [number, number, number][] = [];
  for (let i = 0; i < 12; i++) for (let j = i + 1; j < 12; j++) for (let k = j + 1; k < 12; k++) if (adjacent(i, j) && adjacent(j, k) && adjacent(i, k)) faces.push([i, j, k]);
  for (let s = 0; s < subdivision; s++) {
    const midpoints = new Map<string, number>();
    const mid = (i: number, j: number) => {
      const key = i < j ? `${i},${j}` : `${j},${i}`;
      let m = midpoints.get(key);
      if (m === undefined) {
        m = verts.length;
        verts.push(unit([(verts[i][0] + verts[j][0]) / 2, (verts[i][1] + verts[j][1]) / 2, (verts[i][2] + verts[j][2]) / 2]));
        midpoints.set(key, m);
      }
      return m;
    };
    const next: [number, number, number][] = [];
    for (const [a, b, c] of faces) {
      const [ab, bc, ca] = [mid(a, b), mid(b, c), mid(c, a)];
      next.push([a, ab, ca], [b, bc, ab], [c, ca, bc], [ab, bc, ca]);
    }
    faces = next;
  }
  return verts.map((v) => [v[0] * radius, v[1] * radius, v[2] * radius] as Vec3);
}

function unit(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** P_n^m(x), m >= 0, without the Condon-Shortley phase (it cancels in LBP3D), by the standard recurrences. */
function legendre(n: number, m: number, x: number): number {
  let pmm = 1;
  const s = Math.sqrt(Math.max(0, 1 - x * x));
  for (let i = 1; i <= m; i++) pmm *= (2 * i - 1) * s;
  if (n === m) return pmm;
  let pm1 = x * (2 * m + 1) * pmm;
  if (n === m + 1) return pm1;
  let p = 0;
  for (let l = m + 2; l <= n; l++) {
    p = ((2 * l - 1) * x * pm1 - (l + m - 1) * pmm) / (l - m);
    pmm = pm1;
    pm1 = p;
  }
  return p;
}

function factorialRatio(n: number, m: number): number {
  // (n - m)! / (n + m)!
  let r = 1;
  for (let i = n - m + 1; i <= n + m; i++) r /= i;
  return r;
}

/** Real and imaginary parts of Y_nm at every vertex, m = -n..n, in PyRadiomics' angle convention. */
function harmonics(vertices: readonly Vec3[], radius: number, n: number): { re: Float64Array; im: Float64Array }[] {
  const out: { re: Float64Array; im: Float64Array }[] = [];
  for (let m = -n; m <= n; m++) {
    const norm = Math.sqrt(((2 * n + 1) / (4 * Math.PI)) * factorialRatio(n, Math.abs(m)));
    const re = new Float64Array(vertices.length);
    const im = new Float64Array(vertices.length);
    vertices.forEach((v, i) => {
      const azimuth = Math.acos(Math.min(1, Math.max(-1, v[2] / radius)));
      const polar = Math.atan2(v[1], v[0]);
      const a = norm * legendre(n, Math.abs(m), Math.cos(polar));
      re[i] = a * Math.cos(m * azimuth);
      im[i] = a * Math.sin(m * azimuth);
    });
    out.push({ re, im });
  }
  return out;
}

/** The pole of the cubic B-spline prefilter, and its gain (1 - z)(1 - 1/z) = 6. */
const POLE = Math.sqrt(3) - 2;

/** In-place cubic B-spline prefilter of one line (n > 1) with scipy's whole-sample mirror boundary (exact initialisation). */
function prefilterMirror(c: Float64Array, n: number): void {
  const z = POLE;
  for (let i = 0; i < n; i++) c[i] *= 6;
  const zn1 = z ** (n - 1);
  let c0 = c[0] + zn1 * c[n - 1];
  let zi = z;
  for (let i = 1; i < n - 1; i++) {
    c0 += zi * (c[i] + zn1 * c[n - 1 - i]);
    zi *= z;
  }
  c[0] = c0 / (1 - zn1 * zn1);
  for (let i = 1; i < n; i++) c[i] += z * c[i - 1];
  c[n - 1] = ((z * c[n - 2] + c[n - 1]) * z) / (z * z - 1);
  for (let i = n - 2; i >= 0; i--) c[i] = z * (c[i + 1] - c[i]);
}

/** Cubic B-spline coefficients of the whole image, prefiltered along each axis of length > 1. */
export function splineCoefficients(data: Float64Array, shape: Vec3): Float64Array {
  const c = data.slice();
  const strides = [1, shape[0], shape[0] * shape[1]];
  for (let a = 0; a < 3; a++) {
    const n = shape[a];
    if (n < 2) continue;
    const line = new Float64Array(n);
    const s = strides[a];
    const others = [0, 1, 2].filter((b) => b !== a);
    for (let q = 0; q < shape[others[1]]; q++)
      for (let p = 0; p < shape[others[0]]; p++) {
        const base = p * strides[others[0]] + q * strides[others[1]];
        for (let i = 0; i < n; i++) line[i] = c[base + i * s];
        prefilterMirror(line, n);
        for (let i = 0; i < n; i++) c[base + i * s] = line[i];
      }
  }
  return c;
}

/** Whole-sample mirror of a coefficient index (scipy's spline boundary for mode 'constant'). */
function mirror(i: number, n: number): number {
  if (n === 1) return 0;
  const p = 2 * n - 2;
  const m = ((i % p) + p) % p;
  return m < n ? m : p - m;
}

function bsplineWeights(t: number, w: Float64Array): void {
  const u = 1 - t;
  w[0] = (u * u * u) / 6;
  w[1] = (3 * t * t * t - 6 * t * t + 4) / 6;
  w[2] = (-3 * t * t * t + 3 * t * t + 3 * t + 1) / 6;
  w[3] = (t * t * t) / 6;
}

/**
 * The LBP3D image named by `o.output` (k, m1, m2, ...), on the voxels of `region` (default: the whole image).
 * InvalidArgument for levels < 1, a radius <= 0, a negative subdivision or an unknown output.
 */
export function lbp3dFilter(image: Volume, o: Lbp3dOptions, region?: FilterRegion): Volume<Float64Array> {
  if (!Number.isInteger(o.levels) || o.levels < 1) throw new RadiomicsError('InvalidArgument', `lbp3d levels must be a positive integer, got ${o.levels}`, { levels: o.levels });
  if (!(o.icosphereRadius > 0) || !Number.isFinite(o.icosphereRadius)) throw new RadiomicsError('InvalidArgument', `lbp3d icosphereRadius must be a positive number, got ${o.icosphereRadius}`, { icosphereRadius: o.icosphereRadius });
  if (!Number.isInteger(o.icosphereSubdivision) || o.icosphereSubdivision < 0 || o.icosphereSubdivision > 6) throw new RadiomicsError('InvalidArgument', `lbp3d icosphereSubdivision must be an integer 0..6, got ${o.icosphereSubdivision}`, { icosphereSubdivision: o.icosphereSubdivision });
  const level = o.output === 'k' ? 0 : /^m[1-9]\d*$/.test(o.output) ? Number(o.output.slice(1)) : NaN;
  if (!(level >= 0 && level <= o.levels)) throw new RadiomicsError('InvalidArgument', `lbp3d output must be k or m1..m${o.levels}, got "${o.output}"`, { output: o.output });

  const shape = image.shape;
  const [nx, ny, nz] = shape;
  const data = float64Voxels(image);
  const coeff = splineCoefficients(data, shape);
  const integer = !(image.voxels.data instanceof Float32Array || image.voxels.data instanceof Float64Array);
  const R = o.icosphereRadius;
  const vertices = icosphereVertices(o.icosphereSubdivision, R);
  const V = vertices.length;
  const Y = level > 0 ? harmonics(vertices, R, level - 1) : [];

  const box = region ?? { offset: [0, 0, 0] as Vec3, shape };
  const out = new Float64Array(data.length);
  const f = new Float64Array(V);
  const wx = new Float64Array(4);
  const wy = new Float64Array(4);
  const wz = new Float64Array(4);
  const ix = new Int32Array(4);
  const iy = new Int32Array(4);
  const iz = new Int32Array(4);
  const gRe = new Float64Array(V);
  const gIm = new Float64Array(V);
  const sample = (x: number, y: number, z: number): number => {
    if (x < 0 || x > nx - 1 || y < 0 || y > ny - 1 || z < 0 || z > nz - 1) return 0;
    const fx = Math.floor(x);
    const fy = Math.floor(y);
    const fz = Math.floor(z);
    bsplineWeights(x - fx, wx);
    bsplineWeights(y - fy, wy);
    bsplineWeights(z - fz, wz);
    for (let k = 0; k < 4; k++) {
      ix[k] = mirror(fx - 1 + k, nx);
      iy[k] = mirror(fy - 1 + k, ny) * nx;
      iz[k] = mirror(fz - 1 + k, nz) * nx * ny;
    }
    let s = 0;
    for (let c = 0; c < 4; c++)
      for (let b = 0; b < 4; b++) {
        const w = wz[c] * wy[b];
        const row = iz[c] + iy[b];
        s += w * (wx[0] * coeff[row + ix[0]] + wx[1] * coeff[row + ix[1]] + wx[2] * coeff[row + ix[2]] + wx[3] * coeff[row + ix[3]]);
      }
    return integer ? (s > 0 ? Math.trunc(s + 0.5) : Math.trunc(s - 0.5)) : s;
  };
  const [ox, oy, oz] = box.offset;
  const [bx, by, bz] = box.shape;
  for (let z = oz; z < oz + bz; z++)
    for (let y = oy; y < oy + by; y++)
      for (let x = ox; x < ox + bx; x++) {
        const i = x + nx * (y + ny * z);
        for (let v = 0; v < V; v++) f[v] = sample(x + vertices[v][2], y + vertices[v][1], z + vertices[v][0]);
        if (level === 0) {
          out[i] = kurtosis(f);
          continue;
        }
        const centre = data[i];
        gRe.fill(0);
        gIm.fill(0);
        for (const h of Y) {
          let cRe = 0;
          let cIm = 0;
          for (let v = 0; v < V; v++)
            if (f[v] >= centre) {
              cRe += h.re[v];
              cIm += h.im[v];
            }
          for (let v = 0; v < V; v++) {
            gRe[v] += cRe * h.re[v] - cIm * h.im[v];
            gIm[v] += cRe * h.im[v] + cIm * h.re[v];
          }
        }
        let sRe = 0;
        let sIm = 0;
        for (let v = 0; v < V; v++) {
          sRe += gRe[v] * gRe[v] - gIm[v] * gIm[v];
          sIm += 2 * gRe[v] * gIm[v];
        }
        // Re of the principal square root of sRe + i sIm.
        out[i] = Math.sqrt((Math.hypot(sRe, sIm) + sRe) / 2);
      }
  return responseVolume(image, out);
}

/** Fisher (excess) kurtosis with population moments, scipy.stats.kurtosis(bias=True); 0 where scipy gives NaN (flat samples). */
function kurtosis(f: Float64Array): number {
  const n = f.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += f[i];
  mean /= n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (f[i] - mean) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= n;
  m4 /= n;
  if (m2 <= (1e-15 * mean) ** 2) return 0;
  return m4 / (m2 * m2) - 3;
}
