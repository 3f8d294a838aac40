/**
 * Straightforward implementations that the optimised morphology code must match bit for bit, as the
 * library computed them before (issue 7): the oriented bounding box by scanning every vertex and face
 * per direction (sorting the silhouette with a comparator); the MVEE with separate scan and update
 * passes; quickhull on Face objects; the diameter over all pairs; the thinned mesh vertex set with
 * Map-keyed lines.
 */
import type { Ellipsoid, MveeOptions, OrientedBox } from '../../src/features/morphology/index.js';
import type { Vec3 } from '../../src/image/volume.js';
// Helpers the optimised code kept unchanged are shared, not copied.
import { computeOmega, liftedInverse, mveeFinish, mveeStart, mveeStep } from '../../src/features/morphology/ellipsoid.js';
import { initialSimplex, orient } from '../../src/features/morphology/hull.js';
import { padMask } from '../../src/features/morphology/mesh.js';
import { calipers, monotoneChain, planeBasis } from '../../src/features/morphology/ombb.js';

type V3 = [number, number, number];

/** The OMBB as orientedMinimumBoundingBox defines it, by a scan of all vertices and faces per candidate direction. */
export function scanOmbb(points: ArrayLike<number>, faces: ArrayLike<number>, extraNormals: readonly V3[] = []): OrientedBox {
  const n = Math.floor(points.length / 3);
  const normals: V3[] = [];
  const seen = new Set<string>();
  const addNormal = (v: V3): void => {
    const len = Math.hypot(v[0], v[1], v[2]);
    if (!(len > 0)) return;
    let u: V3 = [v[0] / len, v[1] / len, v[2] / len];
    // Opposite normals give the same box: canonical sign (first non-zero component positive).
    const first = Math.abs(u[0]) > 1e-12 ? u[0] : Math.abs(u[1]) > 1e-12 ? u[1] : u[2];
    if (first < 0) u = [-u[0], -u[1], -u[2]];
    const key = u.map((c) => c.toFixed(10)).join(',');
    if (seen.has(key)) return;
    seen.add(key);
    normals.push(u);
  };
  for (let t = 0; t < faces.length; t += 3) {
    const a = faces[t];
    const b = faces[t + 1];
    const c = faces[t + 2];
    const u: V3 = [points[3 * b] - points[3 * a], points[3 * b + 1] - points[3 * a + 1], points[3 * b + 2] - points[3 * a + 2]];
    const v: V3 = [points[3 * c] - points[3 * a], points[3 * c + 1] - points[3 * a + 1], points[3 * c + 2] - points[3 * a + 2]];
    addNormal([u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]]);
  }
  for (const e of extraNormals) addNormal(e);

  // Face normals (unnormalised) and their lengths, for the silhouette test.
  const nf = faces.length / 3;
  const fn = new Float64Array(3 * nf);
  const fl = new Float64Array(nf);
  for (let f = 0; f < nf; f++) {
    const a = faces[3 * f];
    const b = faces[3 * f + 1];
    const c = faces[3 * f + 2];
    const ux = points[3 * b] - points[3 * a];
    const uy = points[3 * b + 1] - points[3 * a + 1];
    const uz = points[3 * b + 2] - points[3 * a + 2];
    const vx = points[3 * c] - points[3 * a];
    const vy = points[3 * c + 1] - points[3 * a + 1];
    const vz = points[3 * c + 2] - points[3 * a + 2];
    fn[3 * f] = uy * vz - uz * vy;
    fn[3 * f + 1] = uz * vx - ux * vz;
    fn[3 * f + 2] = ux * vy - uy * vx;
    fl[f] = Math.hypot(fn[3 * f], fn[3 * f + 1], fn[3 * f + 2]);
  }
  const flags = new Uint8Array(n);
  const pu = new Float64Array(n);
  const pv = new Float64Array(n);
  const order = new Uint32Array(n);
  let best: OrientedBox = { dims: [0, 0, 0], volume: Infinity, area: Infinity, normal: [0, 0, 1] };
  for (const nrm of normals) {
    const [e1, e2] = planeBasis(nrm);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const h = points[3 * i] * nrm[0] + points[3 * i + 1] * nrm[1] + points[3 * i + 2] * nrm[2];
      if (h < lo) lo = h;
      if (h > hi) hi = h;
    }
    // Silhouette: the outline of the hull's projection along nrm comes from vertices that touch both a
    // face facing nrm and one that does not, or a face (nearly) parallel to nrm; the others project
    // inside it. Flags: 1 = touches a facing face, 2 = a non-facing one, 4 = a parallel one.
    flags.fill(0);
    for (let f = 0; f < nf; f++) {
      const d = fn[3 * f] * nrm[0] + fn[3 * f + 1] * nrm[1] + fn[3 * f + 2] * nrm[2];
      const bit = Math.abs(d) <= 1e-9 * fl[f] ? 7 : d > 0 ? 1 : 2;
      flags[faces[3 * f]] |= bit;
      flags[faces[3 * f + 1]] |= bit;
      flags[faces[3 * f + 2]] |= bit;
    }
    let m = 0;
    for (let i = 0; i < n; i++) {
      if ((flags[i] & 3) !== 3 && nf > 0) continue;
      const x = points[3 * i];
      const y = points[3 * i + 1];
      const z = points[3 * i + 2];
      pu[m] = x * e1[0] + y * e1[1] + z * e1[2];
      pv[m] = x * e2[0] + y * e2[1] + z * e2[2];
      m++;
    }
    const height = hi - lo;
    const rect = minAreaRectangle(pu, pv, order, m);
    const volume = rect.area * height;
    if (volume < best.volume) {
      const dims = [rect.width, rect.length, height].sort((a, b) => b - a) as V3;
      best = { dims, volume, area: 2 * (dims[0] * dims[1] + dims[0] * dims[2] + dims[1] * dims[2]), normal: nrm };
    }
  }
  return best;
}

/**
 * Minimum-area enclosing rectangle of 2D points by rotating calipers over the edges of their convex
 * hull (Andrew's monotone chain). `order` is scratch of length >= n.
 */
function minAreaRectangle(xs: ArrayLike<number>, ys: ArrayLike<number>, order: Uint32Array, n: number): { area: number; width: number; length: number } {
  for (let i = 0; i < n; i++) order[i] = i;
  const idx = order.subarray(0, n).sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b]);
  const hull = new Int32Array(2 * n + 1);
  const m = monotoneChain(xs, ys, idx, n, hull);
  if (m < 3) {
    // Collinear (or one point): a degenerate rectangle of zero area.
    let len = 0;
    for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) len = Math.max(len, Math.hypot(xs[hull[j]] - xs[hull[i]], ys[hull[j]] - ys[hull[i]]));
    return { area: 0, width: 0, length: len };
  }
  const hx = new Float64Array(m);
  const hy = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    hx[i] = xs[hull[i]];
    hy[i] = ys[hull[i]];
  }
  return calipers(hx, hy, m);
}

/** The MVEE of minimumVolumeEnclosingEllipsoid: one scan for j+ and j-, then the update passes, per iteration. */
export function scanMvee(points: ArrayLike<number>, options: MveeOptions = {}): Ellipsoid {
  const tol = options.tolerance ?? 1e-3;
  const maxIter = options.maxIterations ?? 100_000;
  const d = 3;
  const m = d + 1;
  const start = mveeStart(points);
  const { n, q, u } = start;
  let xinv = start.xinv;
  const omega = new Float64Array(n);
  computeOmega(q, xinv, omega, n);
  const g = new Float64Array(4);
  const coeffs = new Float64Array(3);
  let it = 0;
  for (; it < maxIter; it++) {
    if (it > 0 && it % 200 === 0) {
      const fresh = liftedInverse(q, u, n);
      if (fresh !== null) {
        xinv = fresh;
        computeOmega(q, xinv, omega, n);
      }
    }
    let jPlus = 0;
    let jMinus = -1;
    for (let i = 0; i < n; i++) {
      if (omega[i] > omega[jPlus]) jPlus = i;
      if (u[i] > 0 && (jMinus < 0 || omega[i] < omega[jMinus])) jMinus = i;
    }
    if (omega[jPlus] <= (1 + tol) * m) break;
    // The step and the X^-1 update are the library's (mveeStep); the scans and passes around them are the reference.
    const j = mveeStep(q, xinv, omega, u, jPlus, jMinus, g, coeffs);
    const [step, denom, scale] = coeffs;
    for (let i = 0; i < n; i++) {
      const gi = q[4 * i] * g[0] + q[4 * i + 1] * g[1] + q[4 * i + 2] * g[2] + q[4 * i + 3] * g[3];
      omega[i] = scale * (omega[i] - (step * gi * gi) / denom);
    }
    for (let i = 0; i < n; i++) u[i] *= 1 - step;
    u[j] += step;
    if (u[j] < 1e-300) u[j] = 0;
  }
  return mveeFinish(q, u, n, start.centre, it);
}

/** The diameter over all pairs of the subset. */
export function allPairsDistance(points: ArrayLike<number>, subset: ArrayLike<number>, scale: readonly [number, number, number] = [1, 1, 1]): number {
  const m = subset.length;
  const [sx, sy, sz] = scale;
  const xs = new Float64Array(m);
  const ys = new Float64Array(m);
  const zs = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const k = subset[i];
    xs[i] = points[3 * k] * sx;
    ys[i] = points[3 * k + 1] * sy;
    zs[i] = points[3 * k + 2] * sz;
  }
  let best = 0;
  for (let i = 0; i < m; i++) {
    const x = xs[i];
    const y = ys[i];
    const z = zs[i];
    for (let j = i + 1; j < m; j++) {
      const dx = xs[j] - x;
      const dy = ys[j] - y;
      const dz = zs[j] - z;
      const d = dx * dx + dy * dy + dz * dz;
      if (d > best) best = d;
    }
  }
  return Math.sqrt(best);
}


/** meshVertexSet2 with the thinning keyed by Maps. */
export function mapVertexSet2(mask: Uint8Array, shape: Vec3): Int32Array {
  const { padded, px, py, pz } = padMask(mask, shape);
  const pts: number[] = [];
  const sy = px;
  const sz = px * py;
  for (let z = 0; z < pz; z++) {
    for (let y = 0; y < py; y++) {
      for (let x = 0; x < px; x++) {
        const i = x + sy * y + sz * z;
        const v = padded[i];
        // Doubled box coordinates of padded voxel (x, y, z): 2 (x - 1).
        if (x + 1 < px && padded[i + 1] !== v) pts.push(2 * x - 1, 2 * y - 2, 2 * z - 2);
        if (y + 1 < py && padded[i + sy] !== v) pts.push(2 * x - 2, 2 * y - 1, 2 * z - 2);
        if (z + 1 < pz && padded[i + sz] !== v) pts.push(2 * x - 2, 2 * y - 2, 2 * z - 1);
      }
    }
  }
  let p: Int32Array = Int32Array.from(pts);
  for (let axis = 0; axis < 3; axis++) p = lineExtremes(p, axis);
  return p;
}

/** Keeps, of the points on each line parallel to `axis`, the one with the least and the greatest coordinate. */
function lineExtremes(p: Int32Array, axis: number): Int32Array {
  const b = (axis + 1) % 3;
  const c = (axis + 2) % 3;
  const lo = new Map<number, number>();
  const hi = new Map<number, number>();
  const n = p.length / 3;
  let maxB = 0;
  for (let i = 0; i < n; i++) maxB = Math.max(maxB, p[3 * i + b] + 2);
  const width = maxB + 1;
  for (let i = 0; i < n; i++) {
    const key = (p[3 * i + c] + 2) * width + (p[3 * i + b] + 2);
    const v = p[3 * i + axis];
    const l = lo.get(key);
    if (l === undefined || v < p[3 * l + axis]) lo.set(key, i);
    const h = hi.get(key);
    if (h === undefined || v > p[3 * h + axis]) hi.set(key, i);
  }
  const keep = new Uint8Array(n);
  for (const i of lo.values()) keep[i] = 1;
  for (const i of hi.values()) keep[i] = 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(p[3 * i], p[3 * i + 1], p[3 * i + 2]);
  return Int32Array.from(out);
}

interface Face {
  a: number;
  b: number;
  c: number;
  /** Neighbour across edge ab, bc, ca. */
  n: [Face | null, Face | null, Face | null];
  /** Points outside this face (positive orientation). */
  outside: number[];
  /** Outside point farthest from the plane, and its (unnormalised) distance. */
  far: number;
  farDist: number;
  alive: boolean;
  visited: number;
}

/** convexHull with a Face object per face, a Map for the horizon and number[] outside sets. */
export function objectHull(points: ArrayLike<number>): { faces: Uint32Array; vertices: Uint32Array } {
  const n = Math.floor(points.length / 3);
  const p = Float64Array.from(points);
  const simplex = initialSimplex(p, n);
  if (simplex === null) {
    throw new Error('coplanar');
  }
  let [i0, i1, i2, i3] = simplex;
  if (orient(p, i0, i1, i2, i3) > 0) [i1, i2] = [i2, i1];
  // i3 is now behind face (i0, i1, i2); the other faces are oriented accordingly.
  const mk = (a: number, b: number, c: number): Face => ({ a, b, c, n: [null, null, null], outside: [], far: -1, farDist: 0, alive: true, visited: 0 });
  const f0 = mk(i0, i1, i2);
  const f1 = mk(i0, i3, i1);
  const f2 = mk(i1, i3, i2);
  const f3 = mk(i2, i3, i0);
  const initial = [f0, f1, f2, f3];
  linkAll(initial);

  for (let i = 0; i < n; i++) {
    if (i === i0 || i === i1 || i === i2 || i === i3) continue;
    assign(p, i, initial);
  }

  const pending: Face[] = initial.filter((f) => f.outside.length > 0);
  let stamp = 0;
  const all: Face[] = [...initial];
  while (pending.length > 0) {
    const face = pending.pop() as Face;
    if (!face.alive || face.outside.length === 0) continue;
    const eye = face.far;
    // Visible faces: flood from `face` across neighbours that the eye sees strictly.
    stamp++;
    const visible: Face[] = [];
    const stack: Face[] = [face];
    face.visited = stamp;
    while (stack.length > 0) {
      const f = stack.pop() as Face;
      visible.push(f);
      for (const g of f.n) {
        if (g === null || g.visited === stamp) continue;
        if (orient(p, g.a, g.b, g.c, eye) > 0) {
          g.visited = stamp;
          stack.push(g);
        }
      }
    }
    // Horizon: edges of visible faces whose neighbour is not visible, keyed by start vertex.
    const horizon = new Map<number, { to: number; across: Face }>();
    for (const f of visible) {
      const vs = [f.a, f.b, f.c];
      for (let e = 0; e < 3; e++) {
        const g = f.n[e] as Face;
        if (g.visited !== stamp) horizon.set(vs[e], { to: vs[(e + 1) % 3], across: g });
      }
    }
    // Cone of new faces (edge start, edge end, eye), chained around the horizon.
    const start = horizon.keys().next().value as number;
    const created: Face[] = [];
    let v = start;
    do {
      const h = horizon.get(v);
      if (h === undefined) throw new Error('open horizon');
      const f = mk(v, h.to, eye);
      // Link across the horizon edge (v -> h.to) to the hidden face, which holds it as (h.to -> v).
      f.n[0] = h.across;
      const g = h.across;
      const gv = [g.a, g.b, g.c];
      for (let e = 0; e < 3; e++) if (gv[e] === h.to && gv[(e + 1) % 3] === v) g.n[e] = f;
      created.push(f);
      v = h.to;
    } while (v !== start);
    const m = created.length;
    for (let k = 0; k < m; k++) {
      // Face k = (v_k, v_k+1, eye): edge (v_k+1, eye) borders face k+1, edge (eye, v_k) face k-1.
      created[k].n[1] = created[(k + 1) % m];
      created[k].n[2] = created[(k + m - 1) % m];
    }
    for (const f of visible) f.alive = false;
    for (const f of visible) {
      for (const q of f.outside) if (q !== eye) assign(p, q, created);
      f.outside = [];
    }
    for (const f of created) {
      all.push(f);
      if (f.outside.length > 0) pending.push(f);
    }
  }

  const faces: number[] = [];
  const isVertex = new Uint8Array(n);
  for (const f of all) {
    if (!f.alive) continue;
    faces.push(f.a, f.b, f.c);
    isVertex[f.a] = isVertex[f.b] = isVertex[f.c] = 1;
  }
  const vertices: number[] = [];
  for (let i = 0; i < n; i++) if (isVertex[i]) vertices.push(i);
  return { faces: Uint32Array.from(faces), vertices: Uint32Array.from(vertices) };
}

/** Puts point q in the outside set of the first face that sees it (keeps the farthest per face). */
function assign(p: Float64Array, q: number, faces: readonly Face[]): void {
  for (const f of faces) {
    const d = orient(p, f.a, f.b, f.c, q);
    if (d > 0) {
      f.outside.push(q);
      if (d > f.farDist) {
        f.farDist = d;
        f.far = q;
      }
      return;
    }
  }
}

function linkAll(faces: readonly Face[]): void {
  for (const f of faces) {
    const fv = [f.a, f.b, f.c];
    for (let e = 0; e < 3; e++) {
      const u = fv[e];
      const w = fv[(e + 1) % 3];
      for (const g of faces) {
        if (g === f) continue;
        const gv = [g.a, g.b, g.c];
        for (let k = 0; k < 3; k++) if (gv[k] === w && gv[(k + 1) % 3] === u) f.n[e] = g;
      }
    }
  }
}

