/**
 * Oriented minimum bounding box (IBSI ZH1A / IQYR), approximated. O'Rourke's exact 3D rotating
 * calipers (1985) is O(n^3); instead, as IBSI allows ("commonly approximated at lower complexity"),
 * every candidate box here has one face flush with a face of the convex hull (or normal to a given
 * extra direction, e.g. a principal axis), and within that plane the minimum-area rectangle of the
 * projected hull, which rotating calipers (Toussaint 1983) find exactly: some side of the optimal
 * rectangle is flush with an edge of the 2D hull. Exact for boxes, prisms and any shape whose optimal
 * box touches a hull face with a face; otherwise an upper bound (O'Rourke shows the optimum may touch
 * the hull only along edges).
 *
 * Per candidate direction d: the height of the hull along d (its extreme vertices) and the minimum
 * rectangle of its silhouette (only the silhouette along d can bound the projection), so
 * O(F (h + s log s)) for F distinct hull-face directions, h hull vertices and s silhouette vertices.
 * Two bounds make the O(h) part local without changing any result (each only skips vertices that
 * provably cannot matter, with a margin far above rounding):
 * - each vertex carries a cone around the unit normals of its faces; a vertex whose cone lies clearly
 *   on one side of the plane normal to d touches only faces facing d, or only faces not facing it,
 *   so it is not on the silhouette and its faces need no test;
 * - vertices are grouped by the axis of their cone (~16 per group, spatially close on a convex
 *   hull); a group carries a cone holding its vertices' cones and a sphere holding its points, so
 *   whole groups off the silhouette, or below the running maximum height, are skipped.
 * Per direction about a quarter of the vertices get the cone test and 6% the face test, and ~12%
 * are measured for the height (300,000-voxel ellipsoid: 2765 hull vertices, 1409 directions). The
 * silhouette reaches the 2D step in group order rather than vertex order; its points are sorted by
 * x, then y (a stable merge sort, no comparator closure), so only identical points can change
 * places: Andrew's chain and the calipers see the same coordinates in the same order as in a scan.
 */

export interface OrientedBox {
  /** Edge lengths (mm), descending. */
  readonly dims: [number, number, number];
  readonly volume: number;
  readonly area: number;
  /** Unit normal of the box face that is flush with a hull face (or the extra direction). */
  readonly normal: [number, number, number];
}

type V3 = [number, number, number];

/**
 * Margin of the cone tests on cos(angle to d): a cone decides only when all of it is at least this
 * far from the plane normal to d. Far above the rounding of the test (~1e-15) and of the face test it
 * stands for (threshold 1e-9), so a vertex the cones skip is one that the face test rejects too.
 */
const CONE_MARGIN = 1e-6;

/**
 * Minimum-volume box among the candidates described in the file comment, for hull vertices `points`
 * (x, y, z interleaved, mm) and hull faces (index triples). `extraNormals` adds candidate face
 * directions (unit vectors). Ties keep the first candidate (hull faces in order, then extras).
 */
export function orientedMinimumBoundingBox(points: ArrayLike<number>, faces: ArrayLike<number>, extraNormals: readonly V3[] = []): OrientedBox {
  const n = Math.floor(points.length / 3);
  const nf = Math.floor(faces.length / 3);
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  const pz = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    px[i] = points[3 * i];
    py[i] = points[3 * i + 1];
    pz[i] = points[3 * i + 2];
  }
  // Face normals (unnormalised, |fn| = twice the area) and their lengths.
  const fn = new Float64Array(3 * nf);
  const fl = new Float64Array(nf);
  for (let f = 0; f < nf; f++) {
    const a = faces[3 * f];
    const b = faces[3 * f + 1];
    const c = faces[3 * f + 2];
    const ux = px[b] - px[a];
    const uy = py[b] - py[a];
    const uz = pz[b] - pz[a];
    const vx = px[c] - px[a];
    const vy = py[c] - py[a];
    const vz = pz[c] - pz[a];
    fn[3 * f] = uy * vz - uz * vy;
    fn[3 * f + 1] = uz * vx - ux * vz;
    fn[3 * f + 2] = ux * vy - uy * vx;
    fl[f] = Math.hypot(fn[3 * f], fn[3 * f + 1], fn[3 * f + 2]);
  }
  const normals = distinctNormals(fn, fl, extraNormals);
  const geo = hullGeometry(px, py, pz, faces, fn, fl);
  const cand = new Int32Array(n);
  const pu = new Float64Array(n);
  const pv = new Float64Array(n);
  const range = new Float64Array(2);
  const scratch = rectangleScratch(n);
  let best: OrientedBox = { dims: [0, 0, 0], volume: Infinity, area: Infinity, normal: [0, 0, 1] };
  // The work per direction is a helper called once per direction (V8 optimises it as a function called
  // often; as this loop's body it ran unoptimised until on-stack replacement, in every extraction).
  const box = new Float64Array(4);
  for (let k = 0; k < normals.length / 3; k++) {
    const d: V3 = [normals[3 * k], normals[3 * k + 1], normals[3 * k + 2]];
    directionBox(geo, d, nf > 0, cand, pu, pv, range, scratch, box);
    const [area, width, length, height] = box;
    const volume = area * height;
    if (volume < best.volume) {
      const dims = [width, length, height].sort((a, b) => b - a) as V3;
      best = { dims, volume, area: 2 * (dims[0] * dims[1] + dims[0] * dims[2] + dims[1] * dims[2]), normal: d };
    }
  }
  return best;
}

/**
 * The box with one face normal to `d`: box = [area, width, length] of the minimum-area rectangle of the
 * silhouette (every vertex when `useFaces` is false) projected on the plane normal to d, and the
 * height along d.
 */
function directionBox(geo: HullGeometry, d: V3, useFaces: boolean, cand: Int32Array, pu: Float64Array, pv: Float64Array, range: Float64Array, scratch: RectangleScratch, box: Float64Array): void {
  const { px, py, pz } = geo;
  const n = px.length;
  heightRange(geo, d, range);
  const height = range[1] - range[0];
  // Without faces every point counts as on the silhouette.
  let m = n;
  if (useFaces) m = silhouette(geo, d, cand);
  else for (let i = 0; i < n; i++) cand[i] = i;
  const [e1, e2] = planeBasis(d);
  for (let j = 0; j < m; j++) {
    const v = cand[j];
    const x = px[v];
    const y = py[v];
    const z = pz[v];
    pu[j] = x * e1[0] + y * e1[1] + z * e1[2];
    pv[j] = x * e2[0] + y * e2[1] + z * e2[2];
  }
  const rect = rectangle(pu, pv, m, scratch);
  box[0] = rect.area;
  box[1] = rect.width;
  box[2] = rect.length;
  box[3] = height;
}

/** The hull as the direction loop reads it (typed arrays, built once per call). */
interface HullGeometry {
  readonly px: Float64Array;
  readonly py: Float64Array;
  readonly pz: Float64Array;
  /**
   * Faces of vertex v: entries fanStart[v] .. fanStart[v + 1] - 1 of fanNormal, 4 numbers per entry:
   * the face's normal fn (x, y, z) and its parallel threshold 1e-9 |fn|.
   */
  readonly fanStart: Int32Array;
  readonly fanNormal: Float64Array;
  /** Cone of vertex v: every unit face normal u of v has |u - a_v| <= rad[v], a_v = (ax, ay, az)[v]. */
  readonly ax: Float64Array;
  readonly ay: Float64Array;
  readonly az: Float64Array;
  readonly rad: Float64Array;
  /** Vertices of group c: members[groupStart[c] .. groupStart[c + 1]). */
  readonly groupStart: Int32Array;
  readonly members: Int32Array;
  /** Cone of group c (axis gx, gy, gz; radius gRad) holding the cones of its vertices. */
  readonly gx: Float64Array;
  readonly gy: Float64Array;
  readonly gz: Float64Array;
  readonly gRad: Float64Array;
  /** Sphere of group c (centre cx, cy, cz) holding its points; reach = radius plus a rounding allowance. */
  readonly cx: Float64Array;
  readonly cy: Float64Array;
  readonly cz: Float64Array;
  readonly reach: Float64Array;
  /** Scratch: height of each group's centre along the current direction. */
  readonly centreHeight: Float64Array;
}

/**
 * Vertex fans and cones, and the vertex groups: vertices binned by the direction of their cone axis
 * on a cube map (g x g cells per cube face, g chosen for ~16 vertices per cell). A face of zero area
 * (no normal) or a degenerate axis makes a cone radius infinite: that vertex is always tested face
 * by face.
 */
function hullGeometry(px: Float64Array, py: Float64Array, pz: Float64Array, faces: ArrayLike<number>, fn: Float64Array, fl: Float64Array): HullGeometry {
  const n = px.length;
  const nf = fl.length;
  const fanStart = new Int32Array(n + 1);
  for (let t = 0; t < 3 * nf; t++) fanStart[faces[t] + 1]++;
  for (let v = 0; v < n; v++) fanStart[v + 1] += fanStart[v];
  const fanFaces = new Int32Array(3 * nf);
  const fill = fanStart.slice(0, n);
  for (let t = 0; t < 3 * nf; t++) fanFaces[fill[faces[t]]++] = Math.floor(t / 3);
  const ax = new Float64Array(n);
  const ay = new Float64Array(n);
  const az = new Float64Array(n);
  const rad = new Float64Array(n);
  // Per-vertex and per-group work in helpers called once per vertex or group (V8 optimises them as
  // functions called often; this function, called once per extraction, would otherwise run these loops
  // unoptimised, allocating an array and a closure per vertex).
  for (let v = 0; v < n; v++) vertexCone(v, fanStart, fanFaces, fn, fl, ax, ay, az, rad);

  // Groups: cube-map cell of each vertex's axis (major axis and sign, then two coordinates in [-1, 1]).
  const g = Math.max(1, Math.round(Math.sqrt(n / 96)));
  const cellOf = new Int32Array(n);
  const count = new Int32Array(6 * g * g + 1);
  for (let v = 0; v < n; v++) {
    cellOf[v] = cubeMapCell(ax[v], ay[v], az[v], g);
    count[cellOf[v] + 1]++;
  }
  for (let c = 0; c < 6 * g * g; c++) count[c + 1] += count[c];
  // Keep the non-empty cells only.
  const starts: number[] = [0];
  for (let c = 0; c < 6 * g * g; c++) if (count[c + 1] > count[c]) starts.push(count[c + 1]);
  const groupStart = Int32Array.from(starts);
  const members = new Int32Array(n);
  const pos = count.slice(0, 6 * g * g);
  for (let v = 0; v < n; v++) members[pos[cellOf[v]]++] = v;
  const k = groupStart.length - 1;
  const gx = new Float64Array(k);
  const gy = new Float64Array(k);
  const gz = new Float64Array(k);
  const gRad = new Float64Array(k);
  const cx = new Float64Array(k);
  const cy = new Float64Array(k);
  const cz = new Float64Array(k);
  const reach = new Float64Array(k);
  for (let c = 0; c < k; c++) groupCone(c, groupStart, members, px, py, pz, ax, ay, az, rad, gx, gy, gz, gRad, cx, cy, cz, reach);
  const fanNormal = new Float64Array(4 * fanFaces.length);
  for (let j = 0; j < fanFaces.length; j++) {
    const f = fanFaces[j];
    fanNormal[4 * j] = fn[3 * f];
    fanNormal[4 * j + 1] = fn[3 * f + 1];
    fanNormal[4 * j + 2] = fn[3 * f + 2];
    fanNormal[4 * j + 3] = 1e-9 * fl[f];
  }
  return { px, py, pz, fanStart, fanNormal, ax, ay, az, rad, groupStart, members, gx, gy, gz, gRad, cx, cy, cz, reach, centreHeight: new Float64Array(k) };
}

/** Cone of vertex v: axis (ax, ay, az)[v], the normalised mean of its fan's unit face normals, and radius rad[v], the largest distance from it. */
function vertexCone(v: number, fanStart: Int32Array, fanFaces: Int32Array, fn: Float64Array, fl: Float64Array, ax: Float64Array, ay: Float64Array, az: Float64Array, rad: Float64Array): void {
  let sx = 0;
  let sy = 0;
  let sz = 0;
  for (let j = fanStart[v]; j < fanStart[v + 1]; j++) {
    const f = fanFaces[j];
    sx += fn[3 * f] / fl[f];
    sy += fn[3 * f + 1] / fl[f];
    sz += fn[3 * f + 2] / fl[f];
  }
  const len = norm(sx, sy, sz);
  if (!(len > 0 && len < Infinity)) {
    rad[v] = fanStart[v + 1] > fanStart[v] ? Infinity : 0;
    return;
  }
  ax[v] = sx / len;
  ay[v] = sy / len;
  az[v] = sz / len;
  let r = 0;
  for (let j = fanStart[v]; j < fanStart[v + 1]; j++) {
    const f = fanFaces[j];
    r = Math.max(r, norm(fn[3 * f] / fl[f] - ax[v], fn[3 * f + 1] / fl[f] - ay[v], fn[3 * f + 2] / fl[f] - az[v]));
  }
  // Math.max propagates NaN (a face of zero area): such a cone decides nothing.
  rad[v] = r === r ? r : Infinity;
}

/** Cube-map cell (g x g cells per cube face) of the direction a = (a0, a1, a2): major axis and sign, then the other two coordinates over it, in [-1, 1]. */
function cubeMapCell(a0: number, a1: number, a2: number, g: number): number {
  const major = Math.abs(a0) >= Math.abs(a1) && Math.abs(a0) >= Math.abs(a2) ? 0 : Math.abs(a1) >= Math.abs(a2) ? 1 : 2;
  const am = Math.abs(major === 0 ? a0 : major === 1 ? a1 : a2);
  const sign = (major === 0 ? a0 : major === 1 ? a1 : a2) < 0 ? 1 : 0;
  // The two other coordinates in cyclic order after the major axis: (a1, a2), (a2, a0) or (a0, a1).
  const u = major === 0 ? a1 : major === 1 ? a2 : a0;
  const w = major === 0 ? a2 : major === 1 ? a0 : a1;
  return ((2 * major + sign) * g + cubeCellCoordinate(u, am, g)) * g + cubeCellCoordinate(w, am, g);
}

/** Cell index (0 .. g - 1) of coordinate t over the major coordinate's magnitude am (0 when am is 0). */
function cubeCellCoordinate(t: number, am: number, g: number): number {
  return am > 0 ? Math.min(g - 1, Math.max(0, Math.floor(((t / am + 1) / 2) * g))) : 0;
}

/**
 * Group c (members[groupStart[c] .. groupStart[c + 1] - 1]): its cone (axis gx, gy, gz, radius gRad) over
 * its members' cones, and the sphere (centre cx, cy, cz; reach) holding its points.
 */
function groupCone(c: number, groupStart: Int32Array, members: Int32Array, px: Float64Array, py: Float64Array, pz: Float64Array, ax: Float64Array, ay: Float64Array, az: Float64Array, rad: Float64Array, gx: Float64Array, gy: Float64Array, gz: Float64Array, gRad: Float64Array, cx: Float64Array, cy: Float64Array, cz: Float64Array, reach: Float64Array): void {
  const lo = groupStart[c];
  const hi = groupStart[c + 1];
  let sx = 0;
  let sy = 0;
  let sz = 0;
  let qx = 0;
  let qy = 0;
  let qz = 0;
  for (let j = lo; j < hi; j++) {
    const v = members[j];
    sx += ax[v];
    sy += ay[v];
    sz += az[v];
    qx += px[v];
    qy += py[v];
    qz += pz[v];
  }
  const len = norm(sx, sy, sz);
  gx[c] = len > 0 ? sx / len : 0;
  gy[c] = len > 0 ? sy / len : 0;
  gz[c] = len > 0 ? sz / len : 0;
  cx[c] = qx / (hi - lo);
  cy[c] = qy / (hi - lo);
  cz[c] = qz / (hi - lo);
  // |u - G| <= |u - a_v| + |a_v - G| for every unit face normal u of member v.
  let r = len > 0 ? 0 : Infinity;
  let rho = 0;
  for (let j = lo; j < hi; j++) {
    const v = members[j];
    r = Math.max(r, rad[v] + norm(ax[v] - gx[c], ay[v] - gy[c], az[v] - gz[c]));
    rho = Math.max(rho, norm(px[v] - cx[c], py[v] - cy[c], pz[v] - cz[c]));
  }
  gRad[c] = r === r ? r : Infinity;
  // A computed height p . d exceeds the exact one by ~1e-15 |p| at most; allow 1e-12 (|centre| + radius).
  const allowance = rho + 1e-12 * (norm(cx[c], cy[c], cz[c]) + rho);
  reach[c] = allowance >= 0 ? allowance : Infinity;
}

/**
 * range = [min, max] over all vertices of the height p . d, exactly as a scan in vertex order gives
 * them (ties keep the lowest index, so even the sign of a zero agrees). Groups are visited from the
 * highest (lowest) sphere on; a group whose sphere lies wholly below the running maximum (above the
 * running minimum) cannot change it and is skipped.
 */
function heightRange(g: HullGeometry, d: V3, range: Float64Array): void {
  const { px, py, pz, groupStart, members, cx, cy, cz, reach, centreHeight } = g;
  const [n0, n1, n2] = d;
  const k = groupStart.length - 1;
  let top = 0;
  let bottom = 0;
  for (let c = 0; c < k; c++) {
    const h = cx[c] * n0 + cy[c] * n1 + cz[c] * n2;
    centreHeight[c] = h;
    if (h + reach[c] > centreHeight[top] + reach[top]) top = c;
    if (h - reach[c] < centreHeight[bottom] - reach[bottom]) bottom = c;
  }
  let hi = -Infinity;
  let hiAt = -1;
  let lo = Infinity;
  let loAt = -1;
  for (let step = -1; step < k; step++) {
    // Step -1 visits the most promising groups first, so that the bound prunes the rest.
    const upper = step < 0 ? top : step;
    const lower = step < 0 ? bottom : step;
    if (centreHeight[upper] + reach[upper] >= hi && (step < 0 || upper !== top)) {
      for (let j = groupStart[upper]; j < groupStart[upper + 1]; j++) {
        const v = members[j];
        const h = px[v] * n0 + py[v] * n1 + pz[v] * n2;
        if (h > hi || (h === hi && v < hiAt)) {
          hi = h;
          hiAt = v;
        }
      }
    }
    if (centreHeight[lower] - reach[lower] <= lo && (step < 0 || lower !== bottom)) {
      for (let j = groupStart[lower]; j < groupStart[lower + 1]; j++) {
        const v = members[j];
        const h = px[v] * n0 + py[v] * n1 + pz[v] * n2;
        if (h < lo || (h === lo && v < loAt)) {
          lo = h;
          loAt = v;
        }
      }
    }
  }
  range[0] = lo;
  range[1] = hi;
}

/**
 * The silhouette vertices for direction d (a unit vector), in group order, into cand; returns their number.
 * The outline of the hull's projection along d comes from vertices that touch both a face facing d
 * and one that does not, or a face (nearly) parallel to d; the others project inside it.
 */
function silhouette(g: HullGeometry, d: V3, cand: Int32Array): number {
  const { ax, ay, az, rad, groupStart, members, gx, gy, gz, gRad } = g;
  const [n0, n1, n2] = d;
  let m = 0;
  for (let c = 0; c < groupStart.length - 1; c++) {
    // Every unit face normal u in a cone (axis a, radius r) has |u . d - a . d| <= r: when that
    // interval is clear of 0, every face in the cone faces d, or none does.
    if (Math.abs(gx[c] * n0 + gy[c] * n1 + gz[c] * n2) > gRad[c] + CONE_MARGIN) continue;
    for (let j = groupStart[c]; j < groupStart[c + 1]; j++) {
      const v = members[j];
      if (Math.abs(ax[v] * n0 + ay[v] * n1 + az[v] * n2) > rad[v] + CONE_MARGIN) continue;
      if (onSilhouette(g, v, n0, n1, n2)) cand[m++] = v;
    }
  }
  return m;
}

/**
 * Whether vertex v touches a face facing d = (n0, n1, n2) and one not facing it, or a face parallel to
 * it: the face test (fn . d against 1e-9 |fn|) over v's fan, stored contiguously per vertex.
 */
function onSilhouette(g: HullGeometry, v: number, n0: number, n1: number, n2: number): boolean {
  const { fanStart, fanNormal } = g;
  let flags = 0;
  for (let j = fanStart[v]; j < fanStart[v + 1]; j++) {
    const dot = fanNormal[4 * j] * n0 + fanNormal[4 * j + 1] * n1 + fanNormal[4 * j + 2] * n2;
    // 1 = facing, 2 = not facing, 3 = (nearly) parallel.
    flags |= Math.abs(dot) <= fanNormal[4 * j + 3] ? 3 : dot > 0 ? 1 : 2;
    if (flags === 3) return true;
  }
  return false;
}

/**
 * The candidate directions: unit face normals (fn / fl), then the extra directions, with a canonical
 * sign (first non-zero component positive; opposite normals give the same box), each kept once.
 * Two directions are the same when every component agrees to 10 decimals (c.toFixed(10)); the
 * comparison uses fixedKey and a hash table instead of strings. First-seen order, x, y, z interleaved.
 */
function distinctNormals(fn: Float64Array, fl: Float64Array, extras: readonly V3[]): Float64Array {
  const nf = fl.length;
  const total = nf + extras.length;
  let cap = 16;
  while (cap < 2 * total) cap *= 2;
  const table = new Int32Array(cap).fill(-1);
  const keys = new Float64Array(3 * total);
  const out = new Float64Array(3 * total);
  let count = 0;
  const add = (x: number, y: number, z: number, len: number): void => {
    if (!(len > 0)) return;
    let u0 = x / len;
    let u1 = y / len;
    let u2 = z / len;
    const first = Math.abs(u0) > 1e-12 ? u0 : Math.abs(u1) > 1e-12 ? u1 : u2;
    if (first < 0) {
      u0 = -u0;
      u1 = -u1;
      u2 = -u2;
    }
    const k0 = fixedKey(u0);
    const k1 = fixedKey(u1);
    const k2 = fixedKey(u2);
    // Open addressing with linear probing; the hash only needs to be deterministic.
    let slot = (Math.imul(k0 | 0, 0x9e3779b1) ^ Math.imul(k1 | 0, 0x85ebca77) ^ Math.imul(k2 | 0, 0xc2b2ae3d)) & (cap - 1);
    for (; table[slot] >= 0; slot = (slot + 1) & (cap - 1)) {
      const t = table[slot];
      if (keys[3 * t] === k0 && keys[3 * t + 1] === k1 && keys[3 * t + 2] === k2) return;
    }
    table[slot] = count;
    keys[3 * count] = k0;
    keys[3 * count + 1] = k1;
    keys[3 * count + 2] = k2;
    out[3 * count] = u0;
    out[3 * count + 1] = u1;
    out[3 * count + 2] = u2;
    count++;
  };
  for (let f = 0; f < nf; f++) add(fn[3 * f], fn[3 * f + 1], fn[3 * f + 2], fl[f]);
  for (const e of extras) add(e[0], e[1], e[2], Math.hypot(e[0], e[1], e[2]));
  return out.subarray(0, 3 * count);
}

/**
 * c.toFixed(10) as a number: r = the integer nearest |c| 1e10 (ties up, as toFixed), or -r - 1/2
 * when c < 0, so that "-0.0000000000" and "0.0000000000" stay apart. For |c| < 2 the product
 * |c| 1e10 < 2^35 is off by at most 2^-19 from the exact one, so rounding it gives the exact
 * rounding unless its fraction is within 1e-4 of 1/2; then (rarely) the string decides. NaN -> -1.
 */
export function fixedKey(c: number): number {
  const a = Math.abs(c);
  const y = a * 1e10;
  const k = Math.floor(y);
  const frac = y - k;
  const r = y < 2e10 && Math.abs(frac - 0.5) > 1e-4 ? (frac > 0.5 ? k + 1 : k) : Number(a.toFixed(10).replace('.', ''));
  return c !== c ? -1 : c < 0 ? -r - 0.5 : r;
}

/** Euclidean length for the bounds (their margins dwarf its rounding; Math.hypot is reserved for values the result depends on). */
function norm(x: number, y: number, z: number): number {
  return Math.sqrt(x * x + y * y + z * z);
}

/** Two unit vectors completing n to an orthonormal frame. */
export function planeBasis(n: V3): [V3, V3] {
  // Cross with the coordinate axis least aligned with n.
  const ax = Math.abs(n[0]);
  const ay = Math.abs(n[1]);
  const az = Math.abs(n[2]);
  const t: V3 = ax <= ay && ax <= az ? [1, 0, 0] : ay <= az ? [0, 1, 0] : [0, 0, 1];
  const u: V3 = [n[1] * t[2] - n[2] * t[1], n[2] * t[0] - n[0] * t[2], n[0] * t[1] - n[1] * t[0]];
  const lu = Math.hypot(u[0], u[1], u[2]);
  const e1: V3 = [u[0] / lu, u[1] / lu, u[2] / lu];
  const e2: V3 = [n[1] * e1[2] - n[2] * e1[1], n[2] * e1[0] - n[0] * e1[2], n[0] * e1[1] - n[1] * e1[0]];
  return [e1, e2];
}

/** Work arrays of rectangle() for up to `n` points. */
interface RectangleScratch {
  readonly order: Uint32Array;
  readonly merge: Uint32Array;
  readonly hull: Int32Array;
  readonly hx: Float64Array;
  readonly hy: Float64Array;
}

function rectangleScratch(n: number, order: Uint32Array = new Uint32Array(n)): RectangleScratch {
  return { order, merge: new Uint32Array(n), hull: new Int32Array(2 * n + 1), hx: new Float64Array(n), hy: new Float64Array(n) };
}

/**
 * Minimum-area enclosing rectangle of 2D points by rotating calipers over the edges of their convex
 * hull (Andrew's monotone chain). `order` is scratch of length >= n.
 */
export function minAreaRectangle(xs: ArrayLike<number>, ys: ArrayLike<number>, order: Uint32Array, n: number): { area: number; width: number; length: number } {
  return rectangle(xs, ys, n, rectangleScratch(n, order));
}

/**
 * Sorts idx[0 .. n) by x, then y, stably (the order a stable sort with the comparator
 * xs[a] - xs[b] || ys[a] - ys[b] gives): insertion sort on runs of 8, then bottom-up merges between
 * idx and tmp. Inline comparisons instead of a comparator closure (a typed-array sort with a
 * comparator costs several times more). Returns whichever of the two buffers holds the result.
 */
function sortByXY(xs: ArrayLike<number>, ys: ArrayLike<number>, idx: Uint32Array, tmp: Uint32Array, n: number): Uint32Array {
  const RUN = 8;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(n, lo + RUN);
    for (let i = lo + 1; i < hi; i++) {
      const v = idx[i];
      const vx = xs[v];
      const vy = ys[v];
      let j = i - 1;
      for (; j >= lo; j--) {
        const w = idx[j];
        if (!(vx < xs[w] || (vx === xs[w] && vy < ys[w]))) break;
        idx[j + 1] = w;
      }
      idx[j + 1] = v;
    }
  }
  let src = idx;
  let dst = tmp;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let a = lo;
      let b = mid;
      let k = lo;
      // Stable: the right element goes first only when strictly smaller.
      while (a < mid && b < hi) {
        const l = src[a];
        const r = src[b];
        if (xs[r] < xs[l] || (xs[r] === xs[l] && ys[r] < ys[l])) {
          dst[k++] = r;
          b++;
        } else {
          dst[k++] = l;
          a++;
        }
      }
      while (a < mid) dst[k++] = src[a++];
      while (b < hi) dst[k++] = src[b++];
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

function rectangle(xs: ArrayLike<number>, ys: ArrayLike<number>, n: number, scratch: RectangleScratch): { area: number; width: number; length: number } {
  const { order, hull, hx, hy } = scratch;
  for (let i = 0; i < n; i++) order[i] = i;
  const idx = sortByXY(xs, ys, order, scratch.merge, n);
  const m = monotoneChain(xs, ys, idx, n, hull);
  if (m < 3) {
    // Collinear (or one point): a degenerate rectangle of zero area.
    let len = 0;
    for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) len = Math.max(len, Math.hypot(xs[hull[j]] - xs[hull[i]], ys[hull[j]] - ys[hull[i]]));
    return { area: 0, width: 0, length: len };
  }
  for (let i = 0; i < m; i++) {
    hx[i] = xs[hull[i]];
    hy[i] = ys[hull[i]];
  }
  return calipers(hx, hy, m);
}

/**
 * Andrew's monotone chain over the points idx[0 .. n) sorted by x, then y: lower hull left to right,
 * then upper hull right to left; counter-clockwise, collinear points dropped. Writes the m hull
 * vertices to hull[0 .. m) and returns m.
 */
export function monotoneChain(xs: ArrayLike<number>, ys: ArrayLike<number>, idx: Uint32Array, n: number, hull: Int32Array): number {
  let top = 0;
  for (let pass = 0; pass < 2; pass++) {
    const floor = pass === 0 ? 2 : top + 1;
    for (let k = pass === 0 ? 0 : n - 2; pass === 0 ? k < n : k >= 0; k += pass === 0 ? 1 : -1) {
      const i = idx[k];
      while (top >= floor) {
        const o = hull[top - 2];
        const a = hull[top - 1];
        if ((xs[a] - xs[o]) * (ys[i] - ys[o]) - (ys[a] - ys[o]) * (xs[i] - xs[o]) > 0) break;
        top--;
      }
      hull[top++] = i;
    }
  }
  return Math.max(0, top - 1);
}

/** Rotating calipers over the m >= 3 vertices of a counter-clockwise convex polygon: the minimum-area enclosing rectangle. */
export function calipers(hx: Float64Array, hy: Float64Array, m: number): { area: number; width: number; length: number } {
  let bestArea = Infinity;
  let bestWidth = 0;
  let bestLength = 0;
  // Calipers: r = farthest along the edge, t = farthest from it (inward), l = farthest against it.
  // Each only moves forward as the edge turns counter-clockwise.
  let r = 0;
  let t = 0;
  let l = 0;
  for (let i = 0; i < m; i++) {
    const j = i + 1 === m ? 0 : i + 1;
    const len = Math.hypot(hx[j] - hx[i], hy[j] - hy[i]);
    const ex = (hx[j] - hx[i]) / len;
    const ey = (hy[j] - hy[i]) / len;
    // along(k) = (p_k - p_i) . e; up(k) = (p_k - p_i) . (-ey, ex), the inward normal of a CCW polygon.
    if (i === 0) {
      r = j;
      for (let k = 0; k < m; k++) if ((hx[k] - hx[r]) * ex + (hy[k] - hy[r]) * ey > 0) r = k;
      t = r;
      for (let k = 0; k < m; k++) if ((hx[k] - hx[t]) * -ey + (hy[k] - hy[t]) * ex > 0) t = k;
      l = t;
      for (let k = 0; k < m; k++) if ((hx[k] - hx[l]) * ex + (hy[k] - hy[l]) * ey < 0) l = k;
    } else {
      for (let s = 0; s < m; s++) {
        const nr = r + 1 === m ? 0 : r + 1;
        if ((hx[nr] - hx[r]) * ex + (hy[nr] - hy[r]) * ey < 0) break;
        r = nr;
      }
      for (let s = 0; s < m; s++) {
        const nt = t + 1 === m ? 0 : t + 1;
        if ((hx[nt] - hx[t]) * -ey + (hy[nt] - hy[t]) * ex < 0) break;
        t = nt;
      }
      for (let s = 0; s < m; s++) {
        const nl = l + 1 === m ? 0 : l + 1;
        if ((hx[nl] - hx[l]) * ex + (hy[nl] - hy[l]) * ey > 0) break;
        l = nl;
      }
    }
    const width = (hx[r] - hx[l]) * ex + (hy[r] - hy[l]) * ey;
    const height = (hx[t] - hx[i]) * -ey + (hy[t] - hy[i]) * ex;
    const area = width * height;
    if (area < bestArea) {
      bestArea = area;
      bestWidth = width;
      bestLength = height;
    }
  }
  return { area: bestArea, width: bestWidth, length: bestLength };
}
