/**
 * Marching cubes on a binary mask at iso-level 0.5 (IBSI 1 manual, "Mesh-based representation"),
 * with the mask padded by one background voxel on every side so that an ROI touching the box border
 * still gives a closed surface. Cases come from ./mcTable.ts (closed, consistently oriented; normals
 * point out of the ROI), stored as data in ./mcCases.ts. Every vertex is the midpoint of a grid edge
 * between an ROI voxel and a background voxel, so in doubled index coordinates (2 x index) the vertices
 * are integers: volume, hull and diameter computations on them are exact.
 *
 * Coordinates: voxel (x, y, z) of the box has its centre at (x sx, y sy, z sz) mm; the box offset
 * is irrelevant to every morphological feature.
 */
import type { Vec3 } from '../../image/volume.js';
import { MC_TRIANGLE_EDGES } from './mcCases.js';
import { CUBE_EDGES, edgeMidpoint2 } from './mcTable.js';

/** A triangle mesh: vertices x, y, z interleaved (mm); faces as vertex index triples, outward normals. */
export interface Mesh {
  readonly vertices: Float64Array;
  readonly faces: Uint32Array;
}

export interface CaseGeometry {
  /** Triangles as doubled cube-local vertex coordinates, 9 per triangle. */
  readonly tri: Int8Array;
  /** Edge index (0..11) of each triangle vertex, 3 per triangle. */
  readonly edges: Int8Array;
  /** Sum over triangles of det(a, b, c) in doubled local coordinates. */
  readonly det: number;
  /** Sum over triangles of (b - a) x (c - a) in doubled local coordinates. */
  readonly normal: Vec3;
}

/** Per-case constants of a table of triangles given as edge digits (three hex digits per triangle). */
export function caseGeometry(table: readonly string[]): readonly CaseGeometry[] {
  return table.map((digits) => {
    const triangles = digits.length / 3;
    const tri = new Int8Array(triangles * 9);
    const edges = new Int8Array(triangles * 3);
    let det = 0;
    const n = [0, 0, 0];
    for (let i = 0; i < triangles; i++) {
      const t = [0, 1, 2].map((k) => parseInt(digits[3 * i + k], 16));
      const [a, b, d] = t.map(edgeMidpoint2);
      tri.set([...a, ...b, ...d], i * 9);
      edges.set(t, i * 3);
      det += a[0] * (b[1] * d[2] - b[2] * d[1]) - a[1] * (b[0] * d[2] - b[2] * d[0]) + a[2] * (b[0] * d[1] - b[1] * d[0]);
      const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
      const v = [d[0] - a[0], d[1] - a[1], d[2] - a[2]];
      n[0] += u[1] * v[2] - u[2] * v[1];
      n[1] += u[2] * v[0] - u[0] * v[2];
      n[2] += u[0] * v[1] - u[1] * v[0];
    }
    return { tri, edges, det, normal: [n[0], n[1], n[2]] as const };
  });
}

/** The 256 cases with their geometry; a pure function of nothing, built once when the module loads. */
const CASES: readonly CaseGeometry[] = /* @__PURE__ */ caseGeometry(MC_TRIANGLE_EDGES);

/** The mask padded by one background voxel on each side: shape + 2 per axis. */
export function padMask(mask: Uint8Array, shape: Vec3): { padded: Uint8Array; px: number; py: number; pz: number } {
  const [nx, ny, nz] = shape;
  const px = nx + 2;
  const py = ny + 2;
  const pz = nz + 2;
  const padded = new Uint8Array(px * py * pz);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const src = nx * (y + ny * z);
      const dst = 1 + px * (y + 1 + py * (z + 1));
      for (let x = 0; x < nx; x++) padded[dst + x] = mask[src + x] ? 1 : 0;
    }
  }
  return { padded, px, py, pz };
}

/** Calls visit(pattern, x, y, z) for every cube of the padded grid that the surface crosses; (x, y, z) is its low corner in padded indices. */
export function forEachSurfaceCube(padded: Uint8Array, px: number, py: number, pz: number, visit: (pattern: number, x: number, y: number, z: number) => void): void {
  const sy = px;
  const sz = px * py;
  for (let z = 0; z < pz - 1; z++) {
    for (let y = 0; y < py - 1; y++) {
      let i = sy * y + sz * z;
      // Corners 0, 2, 4, 6 (x = 0 side) of the first cube; shift along x.
      let left = padded[i] | (padded[i + sy] << 2) | (padded[i + sz] << 4) | (padded[i + sy + sz] << 6);
      for (let x = 0; x < px - 1; x++, i++) {
        const j = i + 1;
        const right = (padded[j] << 1) | (padded[j + sy] << 3) | (padded[j + sz] << 5) | (padded[j + sy + sz] << 7);
        const pattern = left | right;
        if (pattern !== 0 && pattern !== 255) visit(pattern, x, y, z);
        left = right >> 1;
      }
    }
  }
}

/** Mesh volume and area (IBSI RNU0, C0JK) without building the mesh. */
export interface MeshMeasures {
  /** |sum of signed tetrahedron volumes| (mm^3). */
  readonly volume: number;
  /** Sum of face areas (mm^2). */
  readonly area: number;
}

/**
 * Volume and area of the marching-cubes mesh of `mask` (box, x fastest). One pass over the padded
 * grid counts cubes per case and sums their positions; both measures follow from per-case constants:
 * with cube corner o and triangles (a, b, c) in local coordinates, det(o+a, o+b, o+c) = det(a, b, c) +
 * o . ((b - a) x (c - a)), and area transforms with the cofactor of diag(spacing).
 */
export function meshMeasures(mask: Uint8Array, shape: Vec3, spacing: Vec3): MeshMeasures {
  const { count, sumX, sumY, sumZ } = caseSums(mask, shape);
  const [sx, sy, sz] = spacing;
  // Doubled coordinates: a = 2 a', so det(o + a', ...) = det(a, b, c) / 8 + o . N / 4, with N from doubled coordinates.
  let twiceDet = 0;
  let area = 0;
  for (let p = 1; p < 255; p++) {
    if (count[p] === 0) continue;
    const c = CASES[p];
    twiceDet += count[p] * c.det + 2 * (sumX[p] * c.normal[0] + sumY[p] * c.normal[1] + sumZ[p] * c.normal[2]);
    area += count[p] * caseArea(c, sx, sy, sz);
  }
  // Sum of det(o+a', o+b', o+c') = twiceDet / 8; volume = that / 6, times the voxel volume.
  return { volume: (Math.abs(twiceDet) / 48) * sx * sy * sz, area };
}

/** Per pattern: the number of surface cubes and the sums of their low corners (padded indices). */
export interface CaseSums {
  readonly count: Float64Array;
  readonly sumX: Float64Array;
  readonly sumY: Float64Array;
  readonly sumZ: Float64Array;
}

/** One pass over the padded grid: cubes per pattern and the sums of their positions. */
export function caseSums(mask: Uint8Array, shape: Vec3): CaseSums {
  const { padded, px, py, pz } = padMask(mask, shape);
  const count = new Float64Array(256);
  const sumX = new Float64Array(256);
  const sumY = new Float64Array(256);
  const sumZ = new Float64Array(256);
  forEachSurfaceCube(padded, px, py, pz, (p, x, y, z) => {
    count[p]++;
    sumX[p] += x;
    sumY[p] += y;
    sumZ[p] += z;
  });
  return { count, sumX, sumY, sumZ };
}

/** Area (mm^2) of one case's triangles at the given spacing: |cof(S) n| / 8 per triangle, n from doubled coordinates. */
export function caseArea(c: CaseGeometry, sx: number, sy: number, sz: number): number {
  let area = 0;
  const t = c.tri;
  for (let i = 0; i < t.length; i += 9) {
    const ux = t[i + 3] - t[i];
    const uy = t[i + 4] - t[i + 1];
    const uz = t[i + 5] - t[i + 2];
    const vx = t[i + 6] - t[i];
    const vy = t[i + 7] - t[i + 1];
    const vz = t[i + 8] - t[i + 2];
    const nx = (uy * vz - uz * vy) * sy * sz;
    const ny = (uz * vx - ux * vz) * sx * sz;
    const nz = (ux * vy - uy * vx) * sx * sy;
    area += Math.sqrt(nx * nx + ny * ny + nz * nz) / 8;
  }
  return area;
}

/**
 * The marching-cubes mesh of `mask` (box, x fastest, `shape`), vertices in mm, shared between faces
 * (each vertex is one grid edge). Normals point out of the ROI by the right-hand rule.
 */
export function marchingCubes(mask: Uint8Array, shape: Vec3, spacing: Vec3): Mesh {
  const { padded, px, py, pz } = padMask(mask, shape);
  // Vertex id per grid edge: edge (axis, padded voxel) -> 3 * voxel + axis.
  const vertexOf = new Map<number, number>();
  const coords: number[] = [];
  const faces: number[] = [];
  const [sx, sy, sz] = spacing;
  forEachSurfaceCube(padded, px, py, pz, (p, x, y, z) => {
    const c = CASES[p];
    for (let k = 0; k < c.edges.length; k++) {
      const e = c.edges[k];
      const [a, , axis] = CUBE_EDGES[e];
      const vx = x + (a & 1);
      const vy = y + ((a >> 1) & 1);
      const vz = z + ((a >> 2) & 1);
      const key = 3 * (vx + px * (vy + py * vz)) + axis;
      let id = vertexOf.get(key);
      if (id === undefined) {
        id = coords.length / 3;
        vertexOf.set(key, id);
        const m = edgeMidpoint2(e);
        // Padded index minus 1 is the box index; doubled local offset / 2.
        coords.push((x - 1 + m[0] / 2) * sx, (y - 1 + m[1] / 2) * sy, (z - 1 + m[2] / 2) * sz);
      }
      faces.push(id);
    }
  });
  return { vertices: Float64Array.from(coords), faces: Uint32Array.from(faces) };
}

/**
 * The mesh vertex set X_vx in doubled box-index coordinates (integers: 2 x index, midpoints odd on one
 * axis), x, y, z interleaved: one point per grid edge between an ROI and a background voxel.
 * Thinned without changing its convex hull: along each axis, of the points on one grid line only the
 * two extremes can be hull vertices (the others are convex combinations of them), so only those are kept
 * (unless `thin` is false: PyRadiomics' plane diameters need every vertex).
 */
export function meshVertexSet2(mask: Uint8Array, shape: Vec3, thin = true): Int32Array {
  const { padded, px, py, pz } = padMask(mask, shape);
  // Grown by doubling: a number[] of push()es makes several MB of garbage on a large ROI.
  let pts = new Int32Array(3 * 1024);
  let n = 0;
  const push = (x: number, y: number, z: number): void => {
    if (n + 3 > pts.length) {
      const grown = new Int32Array(2 * pts.length);
      grown.set(pts);
      pts = grown;
    }
    pts[n] = x;
    pts[n + 1] = y;
    pts[n + 2] = z;
    n += 3;
  };
  const sy = px;
  const sz = px * py;
  for (let z = 0; z < pz; z++) {
    for (let y = 0; y < py; y++) {
      for (let x = 0; x < px; x++) {
        const i = x + sy * y + sz * z;
        const v = padded[i];
        // Doubled box coordinates of padded voxel (x, y, z): 2 (x - 1).
        if (x + 1 < px && padded[i + 1] !== v) push(2 * x - 1, 2 * y - 2, 2 * z - 2);
        if (y + 1 < py && padded[i + sy] !== v) push(2 * x - 2, 2 * y - 1, 2 * z - 2);
        if (z + 1 < pz && padded[i + sz] !== v) push(2 * x - 2, 2 * y - 2, 2 * z - 1);
      }
    }
  }
  let p: Int32Array = pts.subarray(0, n);
  if (!thin) return p;
  for (let axis = 0; axis < 3; axis++) p = lineExtremes(p, axis);
  return p;
}

/**
 * Keeps, of the points on each line parallel to `axis`, the one with the least and the greatest
 * coordinate (the first such in input order), in input order. Lines are indexed by their two other
 * coordinates (>= -2, since the vertices lie within one padding voxel of the box) in a dense table.
 */
function lineExtremes(p: Int32Array, axis: number): Int32Array {
  const b = (axis + 1) % 3;
  const c = (axis + 2) % 3;
  const n = p.length / 3;
  let maxB = 0;
  let maxC = 0;
  for (let i = 0; i < n; i++) {
    maxB = Math.max(maxB, p[3 * i + b] + 2);
    maxC = Math.max(maxC, p[3 * i + c] + 2);
  }
  const width = maxB + 1;
  const lo = new Int32Array(width * (maxC + 1)).fill(-1);
  const hi = new Int32Array(width * (maxC + 1)).fill(-1);
  for (let i = 0; i < n; i++) {
    const key = (p[3 * i + c] + 2) * width + (p[3 * i + b] + 2);
    const v = p[3 * i + axis];
    const l = lo[key];
    if (l < 0 || v < p[3 * l + axis]) lo[key] = i;
    const h = hi[key];
    if (h < 0 || v > p[3 * h + axis]) hi[key] = i;
  }
  const keep = new Uint8Array(n);
  let kept = 0;
  for (let key = 0; key < lo.length; key++) {
    if (lo[key] < 0) continue;
    if (!keep[lo[key]]) kept++;
    keep[lo[key]] = 1;
    if (!keep[hi[key]]) kept++;
    keep[hi[key]] = 1;
  }
  const out = new Int32Array(3 * kept);
  for (let i = 0, k = 0; i < n; i++) {
    if (!keep[i]) continue;
    out[k++] = p[3 * i];
    out[k++] = p[3 * i + 1];
    out[k++] = p[3 * i + 2];
  }
  return out;
}
