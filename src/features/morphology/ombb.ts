/**
 * Oriented minimum bounding box (IBSI ZH1A / IQYR), approximated. O'Rourke's exact 3D rotating
 * calipers (1985) is O(n^3); instead, as IBSI allows ("commonly approximated at lower complexity"),
 * every candidate box here has one face flush with a face of the convex hull (or normal to a given
 * extra direction, e.g. a principal axis), and within that plane the minimum-area rectangle of the
 * projected hull, which rotating calipers (Toussaint 1983) find exactly: some side of the optimal
 * rectangle is flush with an edge of the 2D hull. Exact for boxes, prisms and any shape whose optimal
 * box touches a hull face with a face; otherwise an upper bound (O'Rourke shows the optimum may touch
 * the hull only along edges). Cost O(F (f + s log s)) for F distinct hull-face directions, f hull faces
 * and s silhouette vertices (only the silhouette of the hull along a direction can bound its projection).
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
 * Minimum-volume box among the candidates described in the file comment, for hull vertices `points`
 * (x, y, z interleaved, mm) and hull faces (index triples). `extraNormals` adds candidate face
 * directions (unit vectors). Ties keep the first candidate (hull faces in order, then extras).
 */
export function orientedMinimumBoundingBox(points: ArrayLike<number>, faces: ArrayLike<number>, extraNormals: readonly V3[] = []): OrientedBox {
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

/** Two unit vectors completing n to an orthonormal frame. */
function planeBasis(n: V3): [V3, V3] {
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

/**
 * Minimum-area enclosing rectangle of 2D points by rotating calipers over the edges of their convex
 * hull (Andrew's monotone chain). `order` is scratch of length >= n.
 */
export function minAreaRectangle(xs: ArrayLike<number>, ys: ArrayLike<number>, order: Uint32Array, n: number): { area: number; width: number; length: number } {
  for (let i = 0; i < n; i++) order[i] = i;
  const idx = order.subarray(0, n).sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b]);
  // Andrew's monotone chain: lower hull left to right, then upper hull right to left; counter-clockwise.
  const hull = new Int32Array(2 * n + 1);
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
  const m = Math.max(0, top - 1);
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
