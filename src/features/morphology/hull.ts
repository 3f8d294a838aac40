/**
 * 3D convex hull by quickhull (Barber, Dobkin & Huhdanpaa, ACM TOMS 1996): start from a tetrahedron
 * of extreme points, then repeatedly add the farthest point outside some face, replacing the faces it
 * sees by a cone to their horizon. Expected O(n log n).
 *
 * Robustness: the orientation test is a 3 x 3 determinant of coordinate differences. For integer
 * coordinates of magnitude below 2^16 (the mesh vertices in doubled index coordinates) every product
 * is exact in Float64, so visibility is decided exactly; points on a face's plane count as inside, so
 * coplanar points never become vertices of a face they lie on. Other inputs (random test points) use
 * the same test in floating point.
 */
import { RadiomicsError } from '../../errors.js';
import { CHUNK } from '../../util/valueRange.js';

export interface Hull {
  /** Hull faces as index triples into the input points, counter-clockwise seen from outside. */
  readonly faces: Uint32Array;
  /** Indices of the input points that are hull vertices, ascending. */
  readonly vertices: Uint32Array;
}

/** Unnormalised signed distance of point d from the plane of (a, b, c): positive when d sees the face counter-clockwise. */
export function orient(p: Float64Array, a: number, b: number, c: number, d: number): number {
  const ax = p[3 * a] - p[3 * d];
  const ay = p[3 * a + 1] - p[3 * d + 1];
  const az = p[3 * a + 2] - p[3 * d + 2];
  const bx = p[3 * b] - p[3 * d];
  const by = p[3 * b + 1] - p[3 * d + 1];
  const bz = p[3 * b + 2] - p[3 * d + 2];
  const cx = p[3 * c] - p[3 * d];
  const cy = p[3 * c + 1] - p[3 * d + 1];
  const cz = p[3 * c + 2] - p[3 * d + 2];
  // det[a - d, b - d, c - d] is negative when d lies on the side the counter-clockwise normal points to.
  return -(ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx));
}

/**
 * The faces of the growing hull, created in order and never removed (dead faces are marked): vertex
 * triples, neighbours across edges ab, bc, ca (-1 before linking), and each face's outside set as a
 * linked list over the points (a point is in at most one set), with its farthest point.
 */
class FaceStore {
  count = 0;
  a = new Int32Array(64);
  b = new Int32Array(64);
  c = new Int32Array(64);
  /** Neighbours, 3 per face. */
  n = new Int32Array(3 * 64);
  alive = new Uint8Array(64);
  visited = new Int32Array(64);
  /** Outside set: first and last point (-1 when empty); next[q] links point q to the following one. */
  head = new Int32Array(64);
  tail = new Int32Array(64);
  readonly next: Int32Array;
  /** Outside point farthest from the plane (-1 if none), and its unnormalised distance. */
  far = new Int32Array(64);
  farDist = new Float64Array(64);

  constructor(points: number) {
    this.next = new Int32Array(points);
  }

  add(a: number, b: number, c: number): number {
    if (this.count === this.a.length) this.grow();
    const f = this.count++;
    this.a[f] = a;
    this.b[f] = b;
    this.c[f] = c;
    this.n.fill(-1, 3 * f, 3 * f + 3);
    this.alive[f] = 1;
    this.visited[f] = 0;
    this.head[f] = -1;
    this.tail[f] = -1;
    this.far[f] = -1;
    this.farDist[f] = 0;
    return f;
  }

  /** Vertex k (0, 1, 2) of face f. */
  vertex(f: number, k: number): number {
    return k === 0 ? this.a[f] : k === 1 ? this.b[f] : this.c[f];
  }

  private grow(): void {
    const size = 2 * this.a.length;
    const int = (old: Int32Array, m = 1) => {
      const x = new Int32Array(m * size);
      x.set(old);
      return x;
    };
    this.a = int(this.a);
    this.b = int(this.b);
    this.c = int(this.c);
    this.n = int(this.n, 3);
    this.visited = int(this.visited);
    this.head = int(this.head);
    this.tail = int(this.tail);
    this.far = int(this.far);
    const alive = new Uint8Array(size);
    alive.set(this.alive);
    this.alive = alive;
    const farDist = new Float64Array(size);
    farDist.set(this.farDist);
    this.farDist = farDist;
  }
}

/**
 * Convex hull of points (x, y, z interleaved). Throws InvalidArgument when fewer than 4 points span 3D
 * (all points coplanar): such a set has no 3D hull.
 */
export function convexHull(points: ArrayLike<number>): Hull {
  const n = Math.floor(points.length / 3);
  // A Float64Array copy (exact for any input numbers) keeps the hot loops on one array type.
  const p = new Float64Array(3 * n);
  for (let i = 0; i < 3 * n; i++) p[i] = points[i];
  const simplex = initialSimplex(p, n);
  if (simplex === null) {
    throw new RadiomicsError('InvalidArgument', `convexHull: the ${n} points are coplanar or fewer than 4; a 3D hull needs 4 points not in one plane`, { points: n });
  }
  let [i0, i1, i2, i3] = simplex;
  if (orient(p, i0, i1, i2, i3) > 0) [i1, i2] = [i2, i1];
  // i3 is now behind face (i0, i1, i2); the other faces are oriented accordingly.
  const fs = new FaceStore(n);
  fs.add(i0, i1, i2);
  fs.add(i0, i3, i1);
  fs.add(i1, i3, i2);
  fs.add(i2, i3, i0);
  // Link the tetrahedron: edge (u -> w) of one face borders the face holding (w -> u).
  for (let f = 0; f < 4; f++) {
    for (let e = 0; e < 3; e++) {
      const u = fs.vertex(f, e);
      const w = fs.vertex(f, (e + 1) % 3);
      for (let g = 0; g < 4; g++) {
        if (g === f) continue;
        for (let k = 0; k < 3; k++) if (fs.vertex(g, k) === w && fs.vertex(g, (k + 1) % 3) === u) fs.n[3 * f + e] = g;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (i === i0 || i === i1 || i === i2 || i === i3) continue;
    assign(p, fs, i, 0, 4);
  }

  const pending: number[] = [];
  for (let f = 0; f < 4; f++) if (fs.head[f] >= 0) pending.push(f);
  let stamp = 0;
  // Horizon edges by start vertex (as a Map would keep them: the first start set stays first).
  const horizonTo = new Int32Array(n);
  const horizonAcross = new Int32Array(n);
  const horizonStamp = new Int32Array(n);
  const visible: number[] = [];
  const stack: number[] = [];
  while (pending.length > 0) {
    const face = pending.pop() as number;
    if (!fs.alive[face] || fs.head[face] < 0) continue;
    const eye = fs.far[face];
    // Visible faces: flood from `face` across neighbours that the eye sees strictly.
    stamp++;
    visible.length = 0;
    stack.length = 0;
    stack.push(face);
    fs.visited[face] = stamp;
    while (stack.length > 0) {
      const f = stack.pop() as number;
      visible.push(f);
      for (let e = 0; e < 3; e++) {
        const g = fs.n[3 * f + e];
        if (g < 0 || fs.visited[g] === stamp) continue;
        if (orient(p, fs.a[g], fs.b[g], fs.c[g], eye) > 0) {
          fs.visited[g] = stamp;
          stack.push(g);
        }
      }
    }
    // Horizon: edges of visible faces whose neighbour is not visible, keyed by start vertex.
    let start = -1;
    for (const f of visible) {
      for (let e = 0; e < 3; e++) {
        const g = fs.n[3 * f + e];
        if (fs.visited[g] === stamp) continue;
        const v = fs.vertex(f, e);
        if (start < 0) start = v;
        horizonStamp[v] = stamp;
        horizonTo[v] = fs.vertex(f, (e + 1) % 3);
        horizonAcross[v] = g;
      }
    }
    // Cone of new faces (edge start, edge end, eye), chained around the horizon.
    const first = fs.count;
    let v = start;
    do {
      if (horizonStamp[v] !== stamp) throw new RadiomicsError('InternalError', 'convexHull: the horizon is not a closed loop', {});
      const to = horizonTo[v];
      const g = horizonAcross[v];
      const f = fs.add(v, to, eye);
      // Link across the horizon edge (v -> to) to the hidden face, which holds it as (to -> v).
      fs.n[3 * f] = g;
      for (let e = 0; e < 3; e++) if (fs.vertex(g, e) === to && fs.vertex(g, (e + 1) % 3) === v) fs.n[3 * g + e] = f;
      v = to;
    } while (v !== start);
    const m = fs.count - first;
    for (let k = 0; k < m; k++) {
      // Face k = (v_k, v_k+1, eye): edge (v_k+1, eye) borders face k+1, edge (eye, v_k) face k-1.
      fs.n[3 * (first + k) + 1] = first + ((k + 1) % m);
      fs.n[3 * (first + k) + 2] = first + ((k + m - 1) % m);
    }
    for (const f of visible) fs.alive[f] = 0;
    for (const f of visible) {
      for (let q = fs.head[f]; q >= 0; ) {
        const after = fs.next[q];
        if (q !== eye) assign(p, fs, q, first, fs.count);
        q = after;
      }
      fs.head[f] = -1;
      fs.tail[f] = -1;
    }
    for (let f = first; f < fs.count; f++) if (fs.head[f] >= 0) pending.push(f);
  }

  let alive = 0;
  const isVertex = new Uint8Array(n);
  for (let f = 0; f < fs.count; f++) {
    if (!fs.alive[f]) continue;
    alive++;
    isVertex[fs.a[f]] = isVertex[fs.b[f]] = isVertex[fs.c[f]] = 1;
  }
  const faces = new Uint32Array(3 * alive);
  for (let f = 0, k = 0; f < fs.count; f++) {
    if (!fs.alive[f]) continue;
    faces[k++] = fs.a[f];
    faces[k++] = fs.b[f];
    faces[k++] = fs.c[f];
  }
  let nv = 0;
  for (let i = 0; i < n; i++) nv += isVertex[i];
  const vertices = new Uint32Array(nv);
  for (let i = 0, k = 0; i < n; i++) if (isVertex[i]) vertices[k++] = i;
  return { faces, vertices };
}

/** Puts point q in the outside set of the first of faces from .. to - 1 that sees it (keeps the farthest per face). */
function assign(p: Float64Array, fs: FaceStore, q: number, from: number, to: number): void {
  for (let f = from; f < to; f++) {
    const d = orient(p, fs.a[f], fs.b[f], fs.c[f], q);
    if (d > 0) {
      fs.next[q] = -1;
      if (fs.head[f] < 0) fs.head[f] = q;
      else fs.next[fs.tail[f]] = q;
      fs.tail[f] = q;
      if (d > fs.farDist[f]) {
        fs.farDist[f] = d;
        fs.far[f] = q;
      }
      return;
    }
  }
}

/**
 * Four points spanning 3D: extremes along an axis, the farthest from their line, the farthest from their
 * plane. Each scan over the points runs in chunks, one helper call each (see util/valueRange.ts: V8
 * optimises the helpers; ties still keep the first point, the chunks being visited in order).
 */
export function initialSimplex(p: Float64Array, n: number): [number, number, number, number] | null {
  if (n < 4) return null;
  let bestA = 0;
  let bestB = 0;
  let bestSpread = -1;
  const ext = new Int32Array(2);
  for (let axis = 0; axis < 3; axis++) {
    ext[0] = 0;
    ext[1] = 0;
    for (let start = 1; start < n; start += CHUNK) axisExtremes(p, axis, start, Math.min(n, start + CHUNK), ext);
    const lo = ext[0];
    const hi = ext[1];
    const spread = p[3 * hi + axis] - p[3 * lo + axis];
    if (spread > bestSpread) {
      bestSpread = spread;
      bestA = lo;
      bestB = hi;
    }
  }
  if (bestSpread <= 0) return null;
  const a = bestA;
  const b = bestB;
  // Farthest from line ab: largest |(q - a) x (b - a)|^2. best = [distance, index] (-1: none).
  const best = Float64Array.of(0, -1);
  for (let start = 0; start < n; start += CHUNK) farthestFromLine(p, a, b, start, Math.min(n, start + CHUNK), best);
  const c = best[1];
  if (c < 0) return null;
  best[0] = 0;
  best[1] = -1;
  for (let start = 0; start < n; start += CHUNK) farthestFromPlane(p, a, b, c, start, Math.min(n, start + CHUNK), best);
  const d = best[1];
  if (d < 0) return null;
  return [a, b, c, d];
}

/** ext = [lo, hi]: moved to points start .. end - 1 with a smaller (larger) coordinate `axis`, the first such. */
function axisExtremes(p: Float64Array, axis: number, start: number, end: number, ext: Int32Array): void {
  let lo = ext[0];
  let hi = ext[1];
  for (let i = start; i < end; i++) {
    if (p[3 * i + axis] < p[3 * lo + axis]) lo = i;
    if (p[3 * i + axis] > p[3 * hi + axis]) hi = i;
  }
  ext[0] = lo;
  ext[1] = hi;
}

/** best = [distance, index]: the first of points start .. end - 1 farther from line ab than best[0], if any. */
function farthestFromLine(p: Float64Array, a: number, b: number, start: number, end: number, best: Float64Array): void {
  const ux = p[3 * b] - p[3 * a];
  const uy = p[3 * b + 1] - p[3 * a + 1];
  const uz = p[3 * b + 2] - p[3 * a + 2];
  let bestC = best[0];
  let c = best[1];
  for (let i = start; i < end; i++) {
    const wx = p[3 * i] - p[3 * a];
    const wy = p[3 * i + 1] - p[3 * a + 1];
    const wz = p[3 * i + 2] - p[3 * a + 2];
    const cx = wy * uz - wz * uy;
    const cy = wz * ux - wx * uz;
    const cz = wx * uy - wy * ux;
    const d = cx * cx + cy * cy + cz * cz;
    if (d > bestC) {
      bestC = d;
      c = i;
    }
  }
  best[0] = bestC;
  best[1] = c;
}

/** best = [|orientation|, index]: the first of points start .. end - 1 farther from plane abc than best[0], if any. */
function farthestFromPlane(p: Float64Array, a: number, b: number, c: number, start: number, end: number, best: Float64Array): void {
  let bestD = best[0];
  let d = best[1];
  for (let i = start; i < end; i++) {
    const o = Math.abs(orient(p, a, b, c, i));
    if (o > bestD) {
      bestD = o;
      d = i;
    }
  }
  best[0] = bestD;
  best[1] = d;
}

/** Volume and surface area of a closed, outward-oriented triangle mesh (mm^3, mm^2). */
export function closedMeshMeasures(points: ArrayLike<number>, faces: ArrayLike<number>, scale: readonly [number, number, number] = [1, 1, 1]): { volume: number; area: number } {
  const [sx, sy, sz] = scale;
  // Tetrahedra from the first vertex keep the terms small (the sum is origin-independent on a closed mesh).
  const o = faces.length > 0 ? faces[0] : 0;
  const ox = p3(points, o, 0) * sx;
  const oy = p3(points, o, 1) * sy;
  const oz = p3(points, o, 2) * sz;
  let vol = 0;
  let area = 0;
  for (let t = 0; t < faces.length; t += 3) {
    const a = faces[t];
    const b = faces[t + 1];
    const c = faces[t + 2];
    const ax = points[3 * a] * sx - ox;
    const ay = points[3 * a + 1] * sy - oy;
    const az = points[3 * a + 2] * sz - oz;
    const bx = points[3 * b] * sx - ox;
    const by = points[3 * b + 1] * sy - oy;
    const bz = points[3 * b + 2] * sz - oz;
    const cx = points[3 * c] * sx - ox;
    const cy = points[3 * c + 1] * sy - oy;
    const cz = points[3 * c + 2] * sz - oz;
    vol += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
    const ux = bx - ax;
    const uy = by - ay;
    const uz = bz - az;
    const vx = cx - ax;
    const vy = cy - ay;
    const vz = cz - az;
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    area += Math.sqrt(nx * nx + ny * ny + nz * nz);
  }
  return { volume: Math.abs(vol) / 6, area: area / 2 };
}

function p3(points: ArrayLike<number>, i: number, axis: number): number {
  return points[3 * i + axis];
}

/**
 * Largest distance between two of the given points (indices `subset` into x, y, z interleaved
 * `points`, each axis multiplied by `scale`). Used on hull vertices, which contain the two most
 * distant points of any set (IBSI "Maximum 3D diameter").
 *
 * The maximum over all pairs, found without visiting most of them: with c the centre of the
 * bounding box and r_i = |p_i - c|, |p_i - p_j| <= r_i + r_j. A first pair (the point farthest from
 * c and the point farthest from that one) gives a lower bound D0 on the diameter; a point with
 * r_i + max r < D0 is in no longer pair, so only the pairs among the remaining points (near the two
 * ends of an elongated ROI; a few percent of them) are measured. The bound carries a 1e-9 relative
 * margin, far above rounding, so the result is the all-pairs maximum to the bit; O(m^2) only when no
 * point can be excluded (e.g. a sphere).
 */
export function maxPairDistance(points: ArrayLike<number>, subset: ArrayLike<number>, scale: readonly [number, number, number] = [1, 1, 1]): number {
  const m = subset.length;
  const [sx, sy, sz] = scale;
  const xs = new Float64Array(m);
  const ys = new Float64Array(m);
  const zs = new Float64Array(m);
  let x0 = Infinity;
  let y0 = Infinity;
  let z0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let z1 = -Infinity;
  for (let i = 0; i < m; i++) {
    const k = subset[i];
    xs[i] = points[3 * k] * sx;
    ys[i] = points[3 * k + 1] * sy;
    zs[i] = points[3 * k + 2] * sz;
    x0 = Math.min(x0, xs[i]);
    y0 = Math.min(y0, ys[i]);
    z0 = Math.min(z0, zs[i]);
    x1 = Math.max(x1, xs[i]);
    y1 = Math.max(y1, ys[i]);
    z1 = Math.max(z1, zs[i]);
  }
  if (m < 2) return 0;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const cz = (z0 + z1) / 2;
  const r = new Float64Array(m);
  let far = 0;
  for (let i = 0; i < m; i++) {
    r[i] = Math.sqrt((xs[i] - cx) ** 2 + (ys[i] - cy) ** 2 + (zs[i] - cz) ** 2);
    if (r[i] > r[far]) far = i;
  }
  // D0^2: the farthest point from `far`, measured exactly as in the pair loop below.
  let best = 0;
  for (let j = 0; j < m; j++) best = Math.max(best, squaredDistance(xs, ys, zs, far, j));
  // Computed distances and radii are within ~1e-15 (relative) of the exact ones: a 1e-9 margin is safe.
  const rMax = r[far];
  const keep = new Int32Array(m);
  let k = 0;
  for (let i = 0; i < m; i++) if ((r[i] + rMax) ** 2 * (1 + 1e-9) >= best) keep[k++] = i;
  for (let a = 0; a < k; a++) {
    const i = keep[a];
    for (let b = a + 1; b < k; b++) {
      const d = squaredDistance(xs, ys, zs, i, keep[b]);
      if (d > best) best = d;
    }
  }
  return Math.sqrt(best);
}

/** |p_j - p_i|^2, each difference taken as p_j - p_i (the square is the same either way). */
function squaredDistance(xs: Float64Array, ys: Float64Array, zs: Float64Array, i: number, j: number): number {
  const dx = xs[j] - xs[i];
  const dy = ys[j] - ys[i];
  const dz = zs[j] - zs[i];
  return dx * dx + dy * dy + dz * dz;
}
