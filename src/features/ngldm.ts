/**
 * Neighbouring grey level dependence based features (IBSI 1 manual, "Neighbouring grey level
 * dependence based features", REK0): 17 features of the NGLDM under the zone aggregations 2D, 2.5D
 * and 3D (see zones.ts), with a Chebyshev neighbourhood of distance delta (in-plane in 2D and 2.5D) and
 * coarseness alpha.
 *
 * IBSI definition (deviating from Sun and Wee): every ROI voxel k is the centre of a neighbourhood,
 * complete or not, and its dependence is j_k = 1 + the number of neighbours m within distance delta
 * that lie in the ROI intensity mask with |X_k - X_m| <= alpha. s_ij counts the voxels of grey level i
 * (the level value) and dependence j, so N_s = N_v and the dependence count percentage is 1. The
 * dependence axis holds the values of j that occur (at most (2 delta + 1)^3 in 3D).
 *
 * Cost: one pass over the ROI row spans for each of the ((2 delta + 1)^3 - 1) / 2 (3D) or
 * ((2 delta + 1)^2 - 1) / 2 (2D) neighbour offsets that come after a voxel; an Int32 per box voxel and
 * an Int32 pair per ROI voxel; the matrix is N_g x (distinct dependences) Float64 cells.
 */
import type { Vec3 } from '../image/volume.js';
import { boxFaceMasks } from './directions.js';
import { MatrixScratch } from './matrixScratch.js';
import { roiRowSpans, sliceVoxelCounts } from './aggregate.js';
import { presentLevels, roiVoxelCount, type PresentLevels } from './levels.js';
import type { FamilyDefinition, FamilyInput, FamilyOutput, FeatureTable, Warning, ZoneAggregation } from './types.js';
import { boxOrSlice, checkNeighbourhood, countMatrix3DValuesInto, countMatrixFeatures, countMatrixOf, countMatrixParts, only3D, padLevels, zoneAggregatedValues, zoneAggregatedValuesInto, type CountMatrix, type CountMatrixStats, type MatrixEntries, type ZoneParts } from './zones.js';
import { featureComputes } from './evaluate.js';

export interface NgldmParams {
  /** IBSI aggregation methods to compute. Default ['3D']; 2D and 2.5D add one in-plane pass. */
  readonly aggregations: readonly ZoneAggregation[];
  /** Chebyshev distance delta of the neighbourhood. Default 1; the work grows as (2 delta + 1)^3. */
  readonly distance: number;
  /** Coarseness alpha: a neighbour is dependent when its grey level differs by at most alpha. Default 0. */
  readonly alpha: number;
  /** Largest single matrix in bytes (N_g x distinct dependences x 8); over it, MatrixTooLarge. Default 512 MiB. */
  readonly maxMatrixBytes: number;
  /** Working memory reused from call to call (feature maps pass one per slab of kernels); absent: one per call. Never changes a value. */
  readonly scratch?: MatrixScratch;
}

export const NGLDM_DEFAULTS: NgldmParams = { aggregations: ['3D'], distance: 1, alpha: 0, maxMatrixBytes: 512 * 2 ** 20 };

/**
 * j_k - 1 for every voxel of the box: the number of ROI neighbours m of ROI voxel k within Chebyshev
 * distance `distance` (in-plane when threeD is false) with |X_k - X_m| <= alpha; 0 outside the ROI.
 * Neighbours outside the box are outside the ROI. The relation is symmetric, so each pair of voxels is
 * tested once, over the offsets that come after a voxel in box order, and counted at both ends: one
 * pass per such offset over the rows, each limited to the x where both voxels lie within the ROI spans
 * of their rows (no bounds test; two sequential streams). The test is computed without a branch (noisy
 * grey levels would mispredict it): about twice as fast in 3D as visiting every neighbour of each voxel.
 */
function dependenceCounts(levels: Int32Array, shape: Vec3, distance: number, alpha: number, threeD: boolean, scratch: MatrixScratch): Int32Array {
  const spans = roiRowSpans(levels, shape, scratch);
  const counts = scratch.int32('dependences', levels.length);
  // alpha = 0 (the default): |g - h| <= 0 is g === h, and with g > 0 that makes h > 0; one test less per pair.
  const exact = alpha === 0;
  // One call per offset, one per row: V8 compiles these small functions once, with feedback from every
  // offset, where loops here would make it compile this one on the fly (see fftSums in morphology/spatial.ts).
  // The offsets of forwardNeighbourhood(distance, threeD), in its order, without building the list (a
  // feature map calls this per kernel): dz > 0, or dz = 0 and dy > 0, or dz = dy = 0 and dx > 0.
  const zr = threeD ? distance : 0;
  for (let dz = 0; dz <= zr; dz++)
    for (let dy = dz > 0 ? -distance : 0; dy <= distance; dy++)
      for (let dx = dz > 0 || dy > 0 ? -distance : 1; dx <= distance; dx++) addOffsetDependences(counts, levels, spans, shape, dx, dy, dz, exact, alpha);
  return counts;
}

/** Adds the dependences of the voxel pairs (v, v + (dx, dy, dz)) to `counts`, row by row (see dependenceCounts). */
function addOffsetDependences(counts: Int32Array, levels: Int32Array, spans: Int32Array, shape: Vec3, dx: number, dy: number, dz: number, exact: boolean, alpha: number): void {
  const [nx, ny, nz] = shape;
  const step = dx + nx * (dy + ny * dz);
  // dz >= 0; rows (y, z) whose partner row (y + dy, z + dz) is in the box.
  for (let z = 0; z < nz - dz; z++) {
    for (let y = Math.max(0, -dy); y < Math.min(ny, ny - dy); y++) {
      const r = y + ny * z;
      const p = r + dy + ny * dz;
      const from = Math.max(spans[2 * r], spans[2 * p] - dx);
      const to = Math.min(spans[2 * r + 1], spans[2 * p + 1] - dx);
      addDependences(counts, levels, nx * r + from, nx * r + to, step, exact, alpha);
    }
  }
}

/** Adds 1 to counts[k] and counts[k + step] for each k of [from, to) where voxels k and k + step are dependent. */
function addDependences(counts: Int32Array, levels: Int32Array, from: number, to: number, step: number, exact: boolean, alpha: number): void {
  for (let k = from; k < to; k++) {
    const g = levels[k];
    const h = levels[k + step];
    // 1 when both are ROI voxels with |g - h| <= alpha: bitwise & of 0/1 values, no branch.
    const dependent = exact ? +(g > 0) & +(g === h) : +(g > 0) & +(h > 0) & +(Math.abs(g - h) <= alpha);
    counts[k] += dependent;
    counts[k + step] += dependent;
  }
}

/**
 * One entry per ROI voxel, in box order: grey level rank and dependence j_k (Chebyshev distance
 * `distance`, in-plane when threeD is false; neighbours outside the box are outside the ROI); in 2D
 * grouped by slice.
 */
export function ngldmEntries(
  levels: Int32Array,
  shape: Vec3,
  distance: number,
  alpha: number,
  threeD: boolean,
  present: PresentLevels,
  scratch: MatrixScratch = new MatrixScratch(),
  counts: Int32Array = dependenceCounts(levels, shape, distance, alpha, threeD, scratch),
): MatrixEntries {
  const plane = shape[0] * shape[1];
  const nz = shape[2];
  // The loops over the box in helpers, for V8 (see addDependences).
  const roi = roiVoxelCount(levels);
  // One entry per ROI voxel, all written by addSliceEntries: not zeroed first.
  const rank = scratch.int32ToOverwrite('entryRank', roi);
  const value = scratch.int32ToOverwrite('entryValue', roi);
  const sliceStart = threeD ? null : new Int32Array(nz + 1);
  let e = 0;
  for (let z = 0; z < nz; z++) {
    if (sliceStart !== null) sliceStart[z] = e;
    e = addSliceEntries(levels, z * plane, (z + 1) * plane, counts, present.rankOf, rank, value, e);
  }
  if (sliceStart !== null) sliceStart[nz] = e;
  return { count: roi, rank, value, sliceStart };
}

/**
 * Entries of the ROI voxels k of [from, to) from entry e on: rank[e] = rankOf[level], value[e] = counts[k] + 1.
 * Returns the next entry.
 */
function addSliceEntries(levels: Int32Array, from: number, to: number, counts: Int32Array, rankOf: Int32Array, rank: Int32Array, value: Int32Array, e: number): number {
  for (let k = from; k < to; k++) {
    const g = levels[k];
    if (g <= 0) continue;
    rank[e] = rankOf[g];
    value[e] = counts[k] + 1;
    e++;
  }
  return e;
}

/**
 * The NGLDM of the box: the 3D matrix, or with the in-plane neighbourhood (threeD false) the sum of the
 * slice matrices (the 2.5D matrix). With `zSlice`, the 2D matrix of that slice alone (voxels of other
 * slices count as outside the ROI).
 */
export function buildNgldm(
  levels: Int32Array,
  shape: Vec3,
  distance: number,
  alpha: number,
  threeD: boolean,
  present: PresentLevels,
  zSlice?: number,
  maxMatrixBytes = NGLDM_DEFAULTS.maxMatrixBytes,
): CountMatrix {
  checkNeighbourhood('ngldm', distance, alpha);
  const box = boxOrSlice(shape, zSlice);
  const entries = ngldmEntries(levels.subarray(box.from, box.to), box.shape, distance, alpha, threeD, present);
  return countMatrixOf(entries, present, entries.count, 'ngldm', maxMatrixBytes);
}

const EMPTY = 'the ROI is empty';

export const NGLDM_FEATURES = {
  ...countMatrixFeatures(
    { count: 's', columns: 'N_n' },
    {
      lowDependenceEmphasis: { formula: 'lowJEmphasis', name: 'Low dependence emphasis', ibsi: 'SODN' },
      highDependenceEmphasis: { formula: 'highJEmphasis', name: 'High dependence emphasis', ibsi: 'IMOQ' },
      lowGreyLevelCountEmphasis: { formula: 'lowGreyLevelEmphasis', name: 'Low grey level count emphasis', ibsi: 'TL9H' },
      highGreyLevelCountEmphasis: { formula: 'highGreyLevelEmphasis', name: 'High grey level count emphasis', ibsi: 'OAE7' },
      lowDependenceLowGreyLevelEmphasis: { formula: 'lowJLowGreyLevelEmphasis', name: 'Low dependence low grey level emphasis', ibsi: 'EQ3F' },
      lowDependenceHighGreyLevelEmphasis: { formula: 'lowJHighGreyLevelEmphasis', name: 'Low dependence high grey level emphasis', ibsi: 'JA6D' },
      highDependenceLowGreyLevelEmphasis: { formula: 'highJLowGreyLevelEmphasis', name: 'High dependence low grey level emphasis', ibsi: 'NBZI' },
      highDependenceHighGreyLevelEmphasis: { formula: 'highJHighGreyLevelEmphasis', name: 'High dependence high grey level emphasis', ibsi: '9QMG' },
      greyLevelNonUniformity: { formula: 'greyLevelNonUniformity', name: 'Grey level non-uniformity', ibsi: 'FP8K' },
      normalisedGreyLevelNonUniformity: {
        formula: 'normalisedGreyLevelNonUniformity',
        name: 'Normalised grey level non-uniformity',
        ibsi: '5SPA',
        note: 'From the 3D matrix it equals the intensity histogram uniformity.',
      },
      dependenceCountNonUniformity: { formula: 'jNonUniformity', name: 'Dependence count non-uniformity', ibsi: 'Z87G' },
      normalisedDependenceCountNonUniformity: { formula: 'normalisedJNonUniformity', name: 'Normalised dependence count non-uniformity', ibsi: 'OKJI' },
      dependenceCountPercentage: {
        formula: 'percentage',
        name: 'Dependence count percentage',
        ibsi: '6XV8',
        note: 'Always 1 under the IBSI definition (every ROI voxel is a neighbourhood centre).',
      },
      greyLevelVariance: { formula: 'greyLevelVariance', name: 'Grey level variance', ibsi: '1PFV' },
      dependenceCountVariance: { formula: 'jVariance', name: 'Dependence count variance', ibsi: 'DNX2' },
      dependenceCountEntropy: { formula: 'jEntropy', name: 'Dependence count entropy', ibsi: 'FCBV' },
    },
  ),
  dependenceCountEnergy: { name: 'Dependence count energy', ibsi: 'CAS9', formula: String.raw`\sum_{i=1}^{N_g} \sum_{j=1}^{N_n} p_{ij}^2`, compute: (s) => s.energy },
} as const satisfies FeatureTable<CountMatrixStats>;

function computeNgldm(input: FamilyInput, params: NgldmParams): FamilyOutput {
  const warnings: Warning[] = [];
  const values = ngldmParts(input, params).flatMap((agg) => zoneAggregatedValues('ngldm', NGLDM_FEATURES, agg, params.distance, warnings, EMPTY));
  return { values, warnings };
}

/** The compute functions of NGLDM_FEATURES in table order (featureComputes), for ngldmValuesInto. */
const NGLDM_COMPUTES = featureComputes(NGLDM_FEATURES);

/**
 * computeNgldm's values alone (feature maps, per kernel: no value objects, no warnings): to out[0 ..] in
 * the order of computeNgldm's values, NaN where those are null, the same bits otherwise. Returns their number.
 */
export function ngldmValuesInto(input: FamilyInput, params: NgldmParams, out: Float64Array): number {
  return ngldmValues(input, params, out);
}

/**
 * ngldmValuesInto, with the dependence counts from `grid` when given (regionNgldmValuesInto). The 3D method
 * alone (feature maps' usual case) without countMatrixParts (countMatrix3DValuesInto).
 */
function ngldmValues(input: FamilyInput, params: NgldmParams, out: Float64Array, grid?: GridDependences): number {
  if (only3D(params.aggregations)) {
    const { levels, boxShape } = input;
    const { distance, alpha } = params;
    checkNeighbourhood('ngldm', distance, alpha);
    const scratch = params.scratch ?? new MatrixScratch();
    const present = input.present ?? presentLevels(levels, scratch);
    const entries = grid === undefined ? ngldmEntries(levels, boxShape, distance, alpha, true, present, scratch) : boxEntries(grid, input.boxOffset, boxShape, levels, present.rankOf, scratch);
    // One entry per ROI voxel: entries.count is N_v.
    return countMatrix3DValuesInto(NGLDM_COMPUTES, entries, present, entries.count, 'ngldm', params.maxMatrixBytes, scratch, out, 0);
  }
  let at = 0;
  for (const agg of ngldmParts(input, params, grid)) at = zoneAggregatedValuesInto(NGLDM_COMPUTES, agg, out, at);
  return at;
}

/** A grid's dependence bits (dependenceBits) over its shape, at its offset in the image grid (regionNgldmValuesInto). */
interface GridDependences {
  readonly bits: Int32Array;
  readonly shape: Vec3;
  readonly offset: Vec3;
}

/**
 * The statistics of the matrices of each aggregation method (countMatrixParts); with `grid`, the
 * dependence counts of the box (j_k - 1, see dependenceCounts) come from its bits (regionNgldmValuesInto).
 */
function ngldmParts(input: FamilyInput, params: NgldmParams, grid?: GridDependences): ZoneParts<CountMatrixStats>[] {
  const { levels, boxShape } = input;
  const { distance, alpha } = params;
  checkNeighbourhood('ngldm', distance, alpha);
  const scratch = params.scratch ?? new MatrixScratch();
  const present = input.present ?? presentLevels(levels, scratch);
  return countMatrixParts(
    params.aggregations,
    (threeD) =>
      ngldmEntries(levels, boxShape, distance, alpha, threeD, present, scratch, grid === undefined ? undefined : boxDependenceCounts(grid.bits, grid.shape, input.boxOffset, grid.offset, boxShape, levels, threeD, scratch)),
    present,
    sliceVoxelCounts(levels, boxShape, scratch),
    'ngldm',
    params.maxMatrixBytes,
    scratch,
  );
}

/**
 * ngldmValuesInto for the boxes (kernels) of one grid of grey levels (feature maps): `levels` over `shape`,
 * whose box at `offset` in the image grid holds it; each kernel's FamilyInput must be a box of it (its
 * boxOffset in the image grid, its levels those of the grid there). At distance 1 the dependences of each
 * ROI voxel of the grid with its 26 neighbours are found once, as bits (dependenceBits); a kernel's
 * dependence counts are then those bits of its neighbours within the kernel's box (one mask per position
 * in the box: at a face, the neighbours beyond it are outside the kernel), counted: the same whole numbers
 * as dependenceCounts on the kernel, so the same values, bit for bit, at about 10 operations per voxel
 * instead of a pass per neighbour offset. Null at other distances (no such bits): ngldmValuesInto then.
 */
export function regionNgldmValuesInto(levels: Int32Array, shape: Vec3, offset: Vec3, params: NgldmParams): ((input: FamilyInput, params: NgldmParams, out: Float64Array) => number) | null {
  checkNeighbourhood('ngldm', params.distance, params.alpha);
  if (params.distance !== 1) return null;
  const grid: GridDependences = { bits: dependenceBits(levels, shape, params.alpha), shape, offset };
  return (input, p, out) => ngldmValues(input, p, out, grid);
}

/** Bit of neighbour offset (dx, dy, dz), each in -1..1, in dependenceBits: 0..26 (13, the voxel itself, never set). */
const bitOf = (dx: number, dy: number, dz: number) => dx + 1 + 3 * (dy + 1) + 9 * (dz + 1);

/** The bits of the 8 in-plane neighbours (dz = 0). */
const IN_PLANE = 0b111101111 << 9;

/**
 * Per voxel of the grid: bit bitOf(dx, dy, dz) set when the voxel and its neighbour (dx, dy, dz) (within
 * the grid) are ROI voxels (level > 0) with |g - h| <= alpha; 0 outside the ROI.
 */
function dependenceBits(levels: Int32Array, shape: Vec3, alpha: number): Int32Array {
  const [nx, ny, nz] = shape;
  // The levels on the grid padded by one voxel of 0 (not ROI) on every side (padLevels): the 26 neighbours at
  // fixed offsets, without bounds tests (was a bounds-tested read per neighbour: brain1 R = 2, 0.43 -> 0.32-0.37 ms per grid, hot loop of the region alone, with the branch-free pairs below).
  const px = nx + 2;
  const pxy = px * (ny + 2);
  const padded = padLevels(levels, shape, new MatrixScratch());
  // Offset of the neighbour of bit b (bitOf) in the padded grid.
  const offsets = new Int32Array(27);
  for (let b = 0; b < 27; b++) offsets[b] = (b % 3) - 1 + px * ((Math.floor(b / 3) % 3) - 1) + pxy * (Math.floor(b / 9) - 1);
  const bits = new Int32Array(levels.length);
  for (let z = 0, i = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0, q = 1 + px * (y + 1) + pxy * (z + 1); x < nx; x++, i++, q++) {
        const g = padded[q];
        if (g > 0) bits[i] = voxelDependenceBits(padded, offsets, q, g, alpha);
      }
  return bits;
}

/** dependenceBits of the ROI voxel at q of the padded grid, of level g. */
function voxelDependenceBits(padded: Int32Array, offsets: Int32Array, q: number, g: number, alpha: number): number {
  let b = 0;
  // Bits `bit` and 26 - bit are opposite neighbours (offsets d and -d): a pair per step; 13, the voxel itself, never set.
  for (let bit = 0; bit < 13; bit++) {
    const o = offsets[bit];
    const h = padded[q + o];
    const k = padded[q - o];
    // Without a branch (taken or not at random from voxel to voxel): 1 when h > 0 and |g - h| <= alpha.
    b |= ((Number(h > 0) & Number(Math.abs(g - h) <= alpha)) << bit) | ((Number(k > 0) & Number(Math.abs(g - k) <= alpha)) << (26 - bit));
  }
  return b;
}

/**
 * The neighbour bits within a box, by the voxel's place in it (boxFaceMasks): the 27 offsets of the 3 x 3 x 3
 * cube in bitOf's order, the centre's bit (13) cleared.
 */
const FACE_MASKS: Int32Array = boxFaceMasks(Array.from({ length: 27 }, (_, b): Vec3 => [(b % 3) - 1, (Math.floor(b / 3) % 3) - 1, Math.floor(b / 9) - 1])).map((m) => m & ~(1 << bitOf(0, 0, 0)));

/**
 * dependenceCounts (distance 1) of the box of `boxShape` at `boxOffset` (image grid) whose levels are
 * `levels`, from the dependence bits of the grid at `offset`: per ROI voxel, its bits within the box
 * (FACE_MASKS; in-plane only when threeD is false), counted. An array of `scratch`.
 */
function boxDependenceCounts(bits: Int32Array, shape: Vec3, boxOffset: Vec3, offset: Vec3, boxShape: Vec3, levels: Int32Array, threeD: boolean, scratch: MatrixScratch): Int32Array {
  const [nx, ny] = shape;
  const [bx, by, bz] = boxShape;
  const x0 = boxOffset[0] - offset[0];
  const y0 = boxOffset[1] - offset[1];
  const z0 = boxOffset[2] - offset[2];
  // Every entry written by countRow (0 outside the ROI): not zeroed first.
  const counts = scratch.int32ToOverwrite('dependences', levels.length);
  const plane = threeD ? -1 : IN_PLANE;
  for (let z = 0, j = 0; z < bz; z++) {
    const az = (z === 0 ? 16 : 0) | (z === bz - 1 ? 32 : 0);
    for (let y = 0; y < by; y++) {
      const ay = az | (y === 0 ? 4 : 0) | (y === by - 1 ? 8 : 0);
      j = countRow(bits, x0 + nx * (y0 + y + ny * (z0 + z)), levels, counts, j, bx, ay, plane);
    }
  }
  return counts;
}

/**
 * ngldmEntries (3D, distance 1) of the box of `boxShape` at `boxOffset` (image grid) whose levels are
 * `levels`, from the grid's dependence bits in one pass: per ROI voxel in box order, its rank and its
 * bits within the box (FACE_MASKS) counted, plus one. The same entries as ngldmEntries on
 * boxDependenceCounts' counts (no counts array, no pass to count the ROI voxels first): entries
 * 0 .. count - 1 of arrays of `scratch` as long as the box.
 */
function boxEntries(grid: GridDependences, boxOffset: Vec3, boxShape: Vec3, levels: Int32Array, rankOf: Int32Array, scratch: MatrixScratch): MatrixEntries {
  const [nx, ny] = grid.shape;
  const [bx, by, bz] = boxShape;
  const x0 = boxOffset[0] - grid.offset[0];
  const y0 = boxOffset[1] - grid.offset[1];
  const z0 = boxOffset[2] - grid.offset[2];
  // Written up to the entry count, read no further.
  const rank = scratch.int32ToOverwrite('entryRank', levels.length);
  const value = scratch.int32ToOverwrite('entryValue', levels.length);
  let e = 0;
  for (let z = 0, j = 0; z < bz; z++) {
    const az = (z === 0 ? 16 : 0) | (z === bz - 1 ? 32 : 0);
    for (let y = 0; y < by; y++, j += bx) {
      const ay = az | (y === 0 ? 4 : 0) | (y === by - 1 ? 8 : 0);
      e = rowEntries(grid.bits, x0 + nx * (y0 + y + ny * (z0 + z)), levels, j, bx, ay, rankOf, rank, value, e);
    }
  }
  return { count: e, rank, value, sliceStart: null };
}

/** The entries of one row of bx box voxels from box index j (grid index i), from entry e on: see boxEntries. Returns the next entry. */
function rowEntries(bits: Int32Array, i: number, levels: Int32Array, j: number, bx: number, ay: number, rankOf: Int32Array, rank: Int32Array, value: Int32Array, e: number): number {
  for (let x = 0; x < bx; x++, i++, j++) {
    const g = levels[j];
    if (g <= 0) continue;
    const face = ay | (x === 0 ? 1 : 0) | (x === bx - 1 ? 2 : 0);
    rank[e] = rankOf[g];
    value[e] = bitCount(bits[i] & FACE_MASKS[face]) + 1;
    e++;
  }
  return e;
}

/** Counts of one row of bx box voxels from box index j (grid index i), 0 outside the ROI: see boxDependenceCounts. Returns the next box index. */
function countRow(bits: Int32Array, i: number, levels: Int32Array, counts: Int32Array, j: number, bx: number, ay: number, plane: number): number {
  for (let x = 0; x < bx; x++, i++, j++) {
    if (levels[j] <= 0) {
      counts[j] = 0;
      continue;
    }
    const face = ay | (x === 0 ? 1 : 0) | (x === bx - 1 ? 2 : 0);
    counts[j] = bitCount(bits[i] & FACE_MASKS[face] & plane);
  }
  return j;
}

/** Number of bits set in a 32-bit integer (SWAR). */
function bitCount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}

export const ngldmFamily: FamilyDefinition<CountMatrixStats, NgldmParams> = {
  name: 'ngldm',
  title: 'Neighbouring grey level dependence based features',
  ibsi: 'REK0',
  features: NGLDM_FEATURES,
  compute: computeNgldm,
};
