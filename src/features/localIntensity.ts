/**
 * Local intensity features (IBSI 1 manual, "Local intensity features", 9ST6), always in 3D (DHQ4).
 * Both features are means over a 1 cm^3 sphere, radius r = (3 / (4 pi))^(1/3) cm ~ 6.2035 mm, in world
 * millimetres: the sphere around a centre voxel holds every voxel of the full preprocessed image
 * whose centre lies within r of the centre voxel's centre (the centre voxel included), inside the
 * ROI or not. Centres are the voxels of the ROI intensity mask.
 *   local peak  (VJGA): the sphere mean around the voxel with the maximum intensity in the ROI; if
 *                       several voxels share it, the highest of their sphere means.
 *   global peak (0F91): the highest sphere mean over all ROI voxels.
 * At the image border the sphere is cut: the mean is over the voxels that exist (MIRP's direct
 * computation does the same; its convolution path for ROIs over 300 voxels replicates edge voxels
 * instead, which only matters for ROIs within r of the image border).
 *
 * Algorithm (exact, no approximation): the sphere is decomposed into chords along x, one per (dy, dz)
 * offset with half-length hx(dy, dz), the largest dx with (dx s_x)^2 + (dy s_y)^2 + (dz s_z)^2 <= r^2 —
 * the same voxel set as a direct distance test. Each image row gets prefix sums along x, so a chord
 * sums in O(1) and a sphere in O(chords): about pi r^2 / (s_y s_z) ~ 120 chords at 1 mm spacing,
 * against ~1000 voxels for a direct loop. The global peak of N ROI voxels thus costs N * chords
 * (~4e7 operations for N = 300,000 at 1 mm) plus one prefix pass over the ROI's bounding box grown by r.
 * Prefix sums are kept for only 2 hz + 1 planes at a time (a ring buffer, centres visited in z
 * order), so memory stays O(plane) however large the ROI. The only difference from a direct sum is
 * Float64 rounding of the prefix differences (~1e-16 relative to a row sum). Runs of 8 (or 4)
 * neighbouring centres along x are summed side by side, each in chord order: the same sums, but
 * independent chains of additions and shared chord-table loads (~1.7x faster than one at a time).
 * Distances use the voxel spacing only, which assumes orthonormal direction cosines (as every
 * reader produces).
 */
import { RadiomicsError } from '../errors.js';
import { maskCount } from '../image/maskBox.js';
import type { Vec3, Volume } from '../image/volume.js';
import { evaluateTable } from './evaluate.js';
import type { FamilyDefinition, FamilyInput, FamilyOutput, FeatureTable, Warning } from './types.js';

/** Radius in mm of a sphere of 1 cm^3: 10 (3 / (4 pi))^(1/3) ~ 6.2035. */
export const PEAK_RADIUS_MM = 10 * Math.cbrt(3 / (4 * Math.PI));

/** One x-chord of the sphere: the voxels (dx, dy, dz) with |dx| <= hx. */
export interface SphereChord {
  readonly dy: number;
  readonly dz: number;
  readonly hx: number;
}

/** No offset limit: the whole sphere (its chords reach as far as the radius does). */
const UNCLIPPED: Vec3 = [Infinity, Infinity, Infinity];

/**
 * The x-chords of the voxel sphere of `radius` mm around a voxel centre, for the given spacing.
 * `reach` clips the sphere to offsets |dx| <= reach[0], |dy| <= reach[1], |dz| <= reach[2]: with reach
 * = shape - 1, no voxel of the image is lost for any centre (a larger offset leaves the image from every
 * centre), so the sums are unchanged, and the chords number at most (2 ny - 1)(2 nz - 1) however fine
 * the spacing. Without clipping a spacing of 1e-5 mm would make ~10^12 chords.
 */
export function sphereChords(spacing: Vec3, radius: number = PEAK_RADIUS_MM, reach: Vec3 = UNCLIPPED): SphereChord[] {
  const inside = sphereTest(spacing, radius);
  const hz = largest((d) => inside(0, 0, d), reach[2]);
  const hy = largest((d) => inside(0, d, 0), reach[1]);
  const chords: SphereChord[] = [];
  for (let dz = 0 - hz; dz <= hz; dz++) {
    for (let dy = 0 - hy; dy <= hy; dy++) {
      if (!inside(0, dy, dz)) continue;
      chords.push({ dy, dz, hx: largest((d) => inside(d, dy, dz), reach[0]) });
    }
  }
  return chords;
}

/**
 * The number of chords sphereChords would return, in O(hz log hy) steps without building them: what the
 * work limit is checked against before anything is allocated.
 */
export function sphereChordCount(spacing: Vec3, radius: number = PEAK_RADIUS_MM, reach: Vec3 = UNCLIPPED): number {
  const inside = sphereTest(spacing, radius);
  const hz = largest((d) => inside(0, 0, d), reach[2]);
  let count = 0;
  for (let dz = 0 - hz; dz <= hz; dz++) count += 2 * largest((d) => inside(0, d, dz), reach[1]) + 1;
  return count;
}

/** Whether voxel offset (dx, dy, dz) lies in the sphere (centre distance <= radius). Monotone in each |d|. */
function sphereTest(spacing: Vec3, radius: number): (dx: number, dy: number, dz: number) => boolean {
  const [sx, sy, sz] = spacing;
  const r2 = radius * radius;
  return (dx, dy, dz) => (dx * sx) ** 2 + (dy * sy) ** 2 + (dz * sz) ** 2 <= r2;
}

/**
 * The largest d in [0, limit] with ok(d), for a predicate true at 0 and monotone in d (so the same d as a
 * step-by-step search). Doubling, then bisection: O(log d) tests, so a tiny spacing costs no long loop.
 */
function largest(ok: (d: number) => boolean, limit: number): number {
  let lo = 0; // ok(lo) holds
  let step = 1;
  while (lo + step <= limit && ok(lo + step)) {
    lo += step;
    step *= 2;
  }
  // ok(lo) holds; ok(lo + step) fails or lies past the limit: bisect (lo, min(lo + step, limit + 1)).
  let hi = Math.min(lo + step, limit + 1);
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The offsets beyond which a sphere leaves an image of this shape from every centre: shape - 1. */
export function sphereReach(shape: Vec3): Vec3 {
  return [shape[0] - 1, shape[1] - 1, shape[2] - 1];
}

/**
 * Mean of the image over the sphere around each centre. `centres` holds (x, y, z) grid coordinates of
 * the image, three numbers per centre, in any order. Returns one mean per centre, in input order.
 * Centres are visited plane by plane, by increasing z, so the ring buffer holds planes z - hz .. z + hz.
 * The loops over centres and rows are helpers of their own: V8 compiles those once, where a loop here
 * would make it compile this whole function on the fly at each loop (see fftSums in morphology/spatial.ts).
 */
export function sphereMeans(image: Volume, spacing: Vec3, centres: Int32Array, radius: number = PEAK_RADIUS_MM): Float64Array {
  const nCentres = centres.length / 3;
  const out = new Float64Array(nCentres);
  if (nCentres === 0) return out;
  const [nx, ny, nz] = image.shape;
  const data = image.voxels.data;
  const [s0, s1, s2] = image.voxels.stride;
  const offset = image.voxels.offset;
  const chords = sphereChords(spacing, radius, sphereReach(image.shape));
  const nChords = chords.length;
  const chordDy = Int32Array.from(chords, (c) => c.dy);
  const chordDz = Int32Array.from(chords, (c) => c.dz);
  const chordHx = Int32Array.from(chords, (c) => c.hx);
  let hxMax = 0;
  let hyMax = 0;
  let hzMax = 0;
  for (const c of chords) {
    hxMax = Math.max(hxMax, c.hx);
    hyMax = Math.max(hyMax, Math.abs(c.dy));
    hzMax = Math.max(hzMax, Math.abs(c.dz));
  }

  // The region whose rows a sphere can touch: the centres' bounding box grown by the sphere, clipped.
  const [cx0, cy0, cz0, cx1, cy1, cz1] = centreBounds(centres);
  const x0 = Math.max(0, cx0 - hxMax), x1 = Math.min(nx - 1, cx1 + hxMax);
  const y0 = Math.max(0, cy0 - hyMax), y1 = Math.min(ny - 1, cy1 + hyMax);
  const z1 = Math.min(nz - 1, cz1 + hzMax);
  const rowStride = x1 - x0 + 2; // prefix P[0] = 0, P[j] = sum of the first j voxels of the row
  const planeSize = (y1 - y0 + 1) * rowStride;
  const depth = 2 * hzMax + 1;
  const prefix = new Float64Array(depth * planeSize);

  const order = zOrder(centres);
  let built = Math.max(0, cz0 - hzMax) - 1;
  // Per chord, the start in `prefix` of its plane (minus x0 and y0 rows, so it can be negative),
  // or OUTSIDE when the chord's plane is outside the image; updated when z changes.
  const chordPlane = new Int32Array(nChords);
  // For centres whose whole sphere lies inside the image (the common case): per chord, the prefix
  // indices of its two ends relative to y * rowStride + x, so a chord costs two loads and a subtraction,
  // with no bounds tests or clamps; the voxel count is then the full sphere's. Same sums, same order.
  const chordHi = new Int32Array(nChords);
  const chordLo = new Int32Array(nChords);
  let fullCount = 0;
  for (let q = 0; q < nChords; q++) fullCount += 2 * chordHx[q] + 1;
  const row = new Float64Array(8);
  for (let o = 0; o < nCentres; ) {
    const z = centres[3 * order[o] + 2];
    const zEnd = Math.min(z1, z + hzMax);
    while (built < zEnd) {
      built++;
      fillPrefixPlane(data, offset, s0, s1, s2, x0, y0, y1, built, rowStride, prefix, (built % depth) * planeSize);
    }
    placeChords(z, nz, depth, planeSize, rowStride, x0, y0, chordDy, chordDz, chordHx, chordPlane, chordHi, chordLo);
    const zInside = z - hzMax >= 0 && z + hzMax < nz;
    o = sphereMeansOfPlane(centres, order, o, zInside, nx, ny, hxMax, hyMax, prefix, rowStride, chordDy, chordHx, chordPlane, chordHi, chordLo, fullCount, row, out);
  }
  return out;
}

/** chordPlane of a chord whose plane lies outside the image. */
const OUTSIDE = -0x80000000;

/** Bounding box of the centres: [x0, y0, z0, x1, y1, z1], inclusive. */
function centreBounds(centres: Int32Array): Int32Array {
  let cx0 = Infinity, cy0 = Infinity, cz0 = Infinity, cx1 = -Infinity, cy1 = -Infinity, cz1 = -Infinity;
  for (let c = 0; c < centres.length / 3; c++) {
    const x = centres[3 * c], y = centres[3 * c + 1], z = centres[3 * c + 2];
    if (x < cx0) cx0 = x;
    if (x > cx1) cx1 = x;
    if (y < cy0) cy0 = y;
    if (y > cy1) cy1 = y;
    if (z < cz0) cz0 = z;
    if (z > cz1) cz1 = z;
  }
  return Int32Array.of(cx0, cy0, cz0, cx1, cy1, cz1);
}

/** Centre indices by increasing z (input order within a plane). */
function zOrder(centres: Int32Array): Int32Array {
  const nCentres = centres.length / 3;
  const order = new Int32Array(nCentres);
  for (let c = 0; c < nCentres; c++) order[c] = c;
  let zSorted = true;
  for (let c = 1; c < nCentres && zSorted; c++) zSorted = centres[3 * c + 2] >= centres[3 * c - 1];
  if (!zSorted) order.sort((a, b) => centres[3 * a + 2] - centres[3 * b + 2]);
  return order;
}

/** Prefix sums along x of image plane z, rows y0 .. y1 from x0, into prefix[base ..] (rowStride per row, P[0] = 0). */
function fillPrefixPlane(data: ArrayLike<number>, offset: number, s0: number, s1: number, s2: number, x0: number, y0: number, y1: number, z: number, rowStride: number, prefix: Float64Array, base: number): void {
  for (let y = y0; y <= y1; y++) {
    const r = base + (y - y0) * rowStride;
    let src = offset + x0 * s0 + y * s1 + z * s2;
    let acc = 0;
    prefix[r] = 0;
    for (let j = 1; j < rowStride; j++, src += s0) {
      acc += data[src];
      prefix[r + j] = acc;
    }
  }
}

/** chordPlane, chordHi and chordLo (see sphereMeans) for centres in plane z. */
function placeChords(z: number, nz: number, depth: number, planeSize: number, rowStride: number, x0: number, y0: number, chordDy: Int32Array, chordDz: Int32Array, chordHx: Int32Array, chordPlane: Int32Array, chordHi: Int32Array, chordLo: Int32Array): void {
  for (let q = 0; q < chordPlane.length; q++) {
    const zz = z + chordDz[q];
    chordPlane[q] = zz < 0 || zz >= nz ? OUTSIDE : (zz % depth) * planeSize - y0 * rowStride - x0;
    chordHi[q] = chordPlane[q] + chordDy[q] * rowStride + chordHx[q] + 1;
    chordLo[q] = chordPlane[q] + chordDy[q] * rowStride - chordHx[q];
  }
}

/**
 * Sphere means of the centres order[start ..] in the plane of the first, into `out`; returns the index
 * in `order` of the first centre of the next plane. The chord tables are those of this plane.
 */
function sphereMeansOfPlane(
  centres: Int32Array,
  order: Int32Array,
  start: number,
  zInside: boolean,
  nx: number,
  ny: number,
  hxMax: number,
  hyMax: number,
  prefix: Float64Array,
  rowStride: number,
  chordDy: Int32Array,
  chordHx: Int32Array,
  chordPlane: Int32Array,
  chordHi: Int32Array,
  chordLo: Int32Array,
  fullCount: number,
  row: Float64Array,
  out: Float64Array,
): number {
  const nChords = chordHx.length;
  const nCentres = order.length;
  const planeZ = centres[3 * order[start] + 2];
  let o = start;
  for (; o < nCentres; o++) {
    const c = order[o];
    const x = centres[3 * c], y = centres[3 * c + 1], z = centres[3 * c + 2];
    if (z !== planeZ) break;
    if (zInside && x - hxMax >= 0 && x + hxMax < nx && y - hyMax >= 0 && y + hyMax < ny) {
      const base = y * rowStride + x;
      // Runs of 8 (or 4) centres in a row, next in visiting order, whole spheres inside: their sums
      // are accumulated side by side, each in its own chord order (the same sums to the bit). That
      // breaks the chain of dependent additions of a single sum and shares the chord-table loads.
      let run = 1;
      while (run < 8 && o + run < nCentres && x + run + hxMax < nx && isNext(centres, order[o + run], x + run, y, z)) run++;
      const width = run === 8 ? 8 : run >= 4 ? 4 : 1;
      if (width > 1) {
        if (width === 8) rowSums8(prefix, base, chordHi, chordLo, row);
        else rowSums4(prefix, base, chordHi, chordLo, row);
        for (let k = 0; k < width; k++) out[order[o + k]] = row[k] / fullCount;
        o += width - 1;
        continue;
      }
      let sum = 0;
      for (let q = 0; q < nChords; q++) sum += prefix[base + chordHi[q]] - prefix[base + chordLo[q]];
      out[c] = sum / fullCount;
      continue;
    }
    let sum = 0;
    let count = 0;
    for (let q = 0; q < nChords; q++) {
      const yy = y + chordDy[q];
      const plane = chordPlane[q];
      if (plane === OUTSIDE || yy < 0 || yy >= ny) continue;
      const hx = chordHx[q];
      const xa = x - hx < 0 ? 0 : x - hx;
      const xb = x + hx >= nx ? nx - 1 : x + hx;
      const r = plane + yy * rowStride;
      sum += prefix[r + xb + 1] - prefix[r + xa];
      count += xb - xa + 1;
    }
    out[c] = sum / count;
  }
  return o;
}

/** Sphere sums of the 8 centres at prefix offsets base .. base + 7 into out[0 .. 7]: per centre the chord sums in chord order. */
function rowSums8(prefix: Float64Array, base: number, chordHi: Int32Array, chordLo: Int32Array, out: Float64Array): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let s5 = 0;
  let s6 = 0;
  let s7 = 0;
  for (let q = 0; q < chordHi.length; q++) {
    const hi = base + chordHi[q];
    const lo = base + chordLo[q];
    s0 += prefix[hi] - prefix[lo];
    s1 += prefix[hi + 1] - prefix[lo + 1];
    s2 += prefix[hi + 2] - prefix[lo + 2];
    s3 += prefix[hi + 3] - prefix[lo + 3];
    s4 += prefix[hi + 4] - prefix[lo + 4];
    s5 += prefix[hi + 5] - prefix[lo + 5];
    s6 += prefix[hi + 6] - prefix[lo + 6];
    s7 += prefix[hi + 7] - prefix[lo + 7];
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
  out[4] = s4;
  out[5] = s5;
  out[6] = s6;
  out[7] = s7;
}

/** As rowSums8, for 4 centres. */
function rowSums4(prefix: Float64Array, base: number, chordHi: Int32Array, chordLo: Int32Array, out: Float64Array): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let q = 0; q < chordHi.length; q++) {
    const hi = base + chordHi[q];
    const lo = base + chordLo[q];
    s0 += prefix[hi] - prefix[lo];
    s1 += prefix[hi + 1] - prefix[lo + 1];
    s2 += prefix[hi + 2] - prefix[lo + 2];
    s3 += prefix[hi + 3] - prefix[lo + 3];
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/** Whether centre c is at (x, y, z). */
function isNext(centres: Int32Array, c: number, x: number, y: number, z: number): boolean {
  return centres[3 * c] === x && centres[3 * c + 1] === y && centres[3 * c + 2] === z;
}

export interface LocalIntensityStats {
  /** Number of centre (ROI) voxels. */
  readonly n: number;
  /** Highest intensity in the ROI. */
  readonly maxIntensity: number;
  readonly localPeak: number;
  readonly globalPeak: number;
}

/**
 * Sphere means around every ROI voxel, then the two peaks. Loops in helpers, for V8 (see sphereMeans).
 * The work, ROI voxels x chords (one prefix-sum difference each), is checked against `maxWork` first:
 * over it is 'WorkTooLarge', before anything is allocated.
 */
export function localIntensityStats(input: FamilyInput, maxWork: number = LOCAL_INTENSITY_DEFAULTS.maxWork): LocalIntensityStats {
  const [bx, by, bz] = input.boxShape;
  const [ox, oy, oz] = input.boxOffset;
  const { image } = input;
  const [s0, s1, s2] = image.voxels.stride;
  const mask = input.intensityMask;
  // Typed arrays sized by a first count: growing number[] lists cost ~20 MB of garbage on a 300k ROI.
  const n = maskCount(mask);
  const work = n * sphereChordCount(input.spacing, PEAK_RADIUS_MM, sphereReach(image.shape));
  if (work > maxWork) {
    throw new RadiomicsError(
      'WorkTooLarge',
      `local intensity: ${n} ROI voxels x ${work / n} sphere chords = ${work.toExponential(2)} sums, over limits.maxWork (${maxWork.toExponential(2)}); the voxel spacing [${input.spacing.join(', ')}] mm is very fine for a ${PEAK_RADIUS_MM.toFixed(2)} mm sphere: check the header, resample to a coarser spacing, or raise limits.maxWork`,
      { family: 'li', work, maxWork, spacing: [...input.spacing] },
    );
  }
  const coords = new Int32Array(3 * n);
  const values = new Float64Array(n);
  gatherCentres(mask, bx, by, bz, ox, oy, oz, image.voxels.data, image.voxels.offset, s0, s1, s2, coords, values);
  if (n === 0) return { n, maxIntensity: NaN, localPeak: NaN, globalPeak: NaN };
  const means = sphereMeans(image, input.spacing, coords);
  const maxIntensity = maximum(values);
  const globalPeak = maximum(means);
  const localPeak = maximumWhere(means, values, maxIntensity);
  return { n, maxIntensity, localPeak, globalPeak };
}

/**
 * Grid coordinates (x, y, z) of the voxels of the box mask (bx by bz voxels at grid offset ox, oy, oz)
 * into coords, three per voxel, and their image values into values, in box order.
 */
function gatherCentres(mask: Uint8Array, bx: number, by: number, bz: number, ox: number, oy: number, oz: number, data: ArrayLike<number>, offset: number, s0: number, s1: number, s2: number, coords: Int32Array, values: Float64Array): void {
  for (let z = 0, k = 0, c = 0; z < bz; z++) {
    for (let y = 0; y < by; y++) {
      for (let x = 0; x < bx; x++, k++) {
        if (!mask[k]) continue;
        const gx = x + ox, gy = y + oy, gz = z + oz;
        coords[3 * c] = gx;
        coords[3 * c + 1] = gy;
        coords[3 * c + 2] = gz;
        values[c++] = data[offset + gx * s0 + gy * s1 + gz * s2];
      }
    }
  }
}

/** Largest entry (-Infinity if none; NaN entries are passed over). */
function maximum(a: Float64Array): number {
  let max = -Infinity;
  for (let c = 0; c < a.length; c++) if (a[c] > max) max = a[c];
  return max;
}

/** Largest a[c] over the c with b[c] === value (-Infinity if none). */
function maximumWhere(a: Float64Array, b: Float64Array, value: number): number {
  let max = -Infinity;
  for (let c = 0; c < a.length; c++) if (b[c] === value && a[c] > max) max = a[c];
  return max;
}

export const LOCAL_INTENSITY_FEATURES = {
  localPeak: {
    name: 'Local intensity peak',
    ibsi: 'VJGA',
    formula: String.raw`F_{loc.peak.local} = \max_{k \in \arg\max_{k \in \mathrm{ROI}} X_k} \frac{1}{|S_k|}\sum_{j \in S_k} X_j,\ S_k = \{ j : \lVert \mathbf{x}_j - \mathbf{x}_k \rVert \le r \},\ r = \left(\tfrac{3}{4\pi}\right)^{1/3}\,\mathrm{cm}`,
    note: 'Sphere voxels are taken from the whole image, inside the ROI or not; at the image border the mean is over the voxels that exist.',
    compute: (s) => s.localPeak,
  },
  globalPeak: {
    name: 'Global intensity peak',
    ibsi: '0F91',
    formula: String.raw`F_{loc.peak.global} = \max_{k \in \mathrm{ROI}} \frac{1}{|S_k|}\sum_{j \in S_k} X_j,\ S_k = \{ j : \lVert \mathbf{x}_j - \mathbf{x}_k \rVert \le r \},\ r = \left(\tfrac{3}{4\pi}\right)^{1/3}\,\mathrm{cm}`,
    note: 'Computed exactly with per-row prefix sums over sphere chords (cost: ROI voxels x chords); at the image border the mean is over the voxels that exist.',
    compute: (s) => s.globalPeak,
  },
} as const satisfies FeatureTable<LocalIntensityStats>;

export interface LocalIntensityParams {
  /** Largest work allowed, in ROI voxels x sphere chords (limits.maxWork). */
  readonly maxWork: number;
}
export const LOCAL_INTENSITY_DEFAULTS: LocalIntensityParams = { maxWork: 1e10 };

export const localIntensityFamily: FamilyDefinition<LocalIntensityStats, LocalIntensityParams> = {
  name: 'li',
  title: 'Local intensity features',
  ibsi: '9ST6',
  features: LOCAL_INTENSITY_FEATURES,
  compute(input: FamilyInput, params: LocalIntensityParams = LOCAL_INTENSITY_DEFAULTS): FamilyOutput {
    const warnings: Warning[] = [];
    const values = evaluateTable('li', LOCAL_INTENSITY_FEATURES, localIntensityStats(input, params.maxWork), null, undefined, warnings);
    return { values, warnings };
  },
};
