/**
 * What the four families with the IBSI "zone" aggregations share (GLSZM, GLDZM, NGTDM, NGLDM; IBSI 1
 * manual, "Aggregating features" of each): the connected-zone labeller, the count matrix of GLSZM,
 * GLDZM and NGLDM with its statistics and the 16 features it gives all three (countMatrixFeatures),
 * and the 2D / 2.5D / 3D aggregation.
 *
 *   2D   (8QNN) one matrix per slice (plane of constant z, the third index axis); features averaged.
 *   2.5D (62GR) the per-slice matrices summed into one (N_v summed too); features of that matrix.
 *   3D   (KOBO) one matrix over the whole box.
 *
 * A count matrix is built from entries (one per zone, or one per voxel for NGLDM): the grey level
 * rank of its row and the value j of its column (zone size, zone distance or dependence count).
 * Rows are the grey levels present in the ROI (PresentLevels); columns are the values of j that occur
 * (sorted), never the range the image would allow, so a 300,000-voxel zone adds one column, not
 * 300,000. In 2D the entries are grouped by slice and every slice matrix shares the columns of the
 * merged one, so merging is a sum; only one slice matrix is alive at a time.
 */
import { RadiomicsError } from '../errors.js';
import type { Vec3 } from '../image/volume.js';
import { sliceRange } from './aggregate.js';
import { forwardNeighbourhood } from './directions.js';
import { averageInto, averageValues, evaluateInto, evaluateTable } from './evaluate.js';
import { featureId } from './id.js';
import { assertMatrixFits, roiVoxelCount, type PresentLevels } from './levels.js';
import { MatrixScratch } from './matrixScratch.js';
import type { FeatureDef, FeatureTable, RawFeatureValue, Warning, ZoneAggregation } from './types.js';
import type { Writable } from '../util/writable.js';

/** Zones of linked voxels with one grey level: 26-connected in 3D, 8-connected within a slice in 2D. */
export interface ZoneLabels {
  /** Number of zones. */
  readonly count: number;
  /** box: zone id 0..count-1 of each ROI voxel, -1 outside the ROI. */
  readonly labels: Int32Array;
  /** Grey level of each zone (first `count` entries). */
  readonly level: Int32Array;
  /** Voxels in each zone (first `count` entries). */
  readonly size: Int32Array;
  /** 2D: zones of slice z have ids sliceStart[z] .. sliceStart[z + 1] - 1 (length nz + 1); null in 3D. */
  readonly sliceStart: Int32Array | null;
}

/**
 * `levels` (box of `shape`, x fastest) copied into a box grown by one voxel of 0 on every side: every
 * neighbour of a box voxel then has a valid index, and the border never matches a grey level > 0, so
 * neighbour loops need no bounds test. Index of box voxel (x, y, z): (x + 1) + (nx + 2) ((y + 1) + (ny + 2) (z + 1)).
 */
export function padLevels(levels: Int32Array, shape: Vec3, scratch: MatrixScratch): Int32Array {
  const [nx, ny, nz] = shape;
  const px = nx + 2;
  const py = ny + 2;
  const out = scratch.int32('padded', px * py * (nz + 2));
  // Element by element: a subarray per row to copy with set() costs more than the row's few voxels.
  for (let z = 0, k = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0, p = 1 + px * (y + 1 + py * (z + 1)); x < nx; x++) out[p++] = levels[k++];
    }
  }
  return out;
}

/**
 * The neighbours visited before a voxel in box order (x fastest): 13 of the 26 in 3D, 4 of the 8
 * in-plane ones in 2D. `cover[o]` has bit b set when neighbours o and b are themselves neighbours (or
 * o = b). Ordered by how many others each touches, most first: in 3D the voxel below touches all 12
 * others, in 2D the one above all 3 others. The same for every box: built once (backwardNeighbours
 * turns the offsets into steps in a given box).
 */
function backwardOrder(threeD: boolean): { readonly offsets: readonly Vec3[]; readonly cover: Int32Array } {
  // The forward neighbours negated, reversed into box order.
  const d: Vec3[] = forwardNeighbourhood(1, threeD)
    .map(([x, y, z]): Vec3 => [-x, -y, -z])
    .reverse();
  const touch = (a: Vec3, b: Vec3) => Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2])) <= 1;
  const touches = (a: Vec3) => d.filter((b) => touch(a, b)).length;
  d.sort((a, b) => touches(b) - touches(a)); // stable: ties keep box order
  const cover = Int32Array.from(d, (a) => d.reduce((bits, b, i) => (touch(a, b) ? bits | (1 << i) : bits), 0));
  return { offsets: d, cover };
}

export const BACKWARD_3D = backwardOrder(true);
const BACKWARD_2D = backwardOrder(false);

/**
 * The backward neighbours (backwardOrder) as steps in the padded box (padLevels) and in the box of `shape`;
 * arrays of `scratch` (a feature map labels a box per kernel, where two new arrays cost more than the steps).
 */
export function backwardNeighbours(shape: Vec3, threeD: boolean, scratch: MatrixScratch): { padded: Int32Array; box: Int32Array; cover: Int32Array } {
  const nx = shape[0];
  const ny = shape[1];
  const { offsets, cover } = threeD ? BACKWARD_3D : BACKWARD_2D;
  const padded = scratch.int32('paddedSteps', offsets.length);
  const box = scratch.int32('boxSteps', offsets.length);
  for (let o = 0; o < offsets.length; o++) {
    const d = offsets[o];
    padded[o] = d[0] + (nx + 2) * (d[1] + (ny + 2) * d[2]);
    box[o] = d[0] + nx * (d[1] + ny * d[2]);
  }
  return { padded, box, cover };
}

/*
 * Bit o set when a[p + off[o]] === g, for the 13 (3D) or 4 (2D) backward neighbours. Written out
 * without a branch per neighbour: with noisy grey levels a per-neighbour branch is mispredicted often,
 * and this halves the time of the labelling pass.
 */
export function matchBits13(a: Int32Array, p: number, g: number, off: Int32Array): number {
  return (
    +(a[p + off[0]] === g) |
    (+(a[p + off[1]] === g) << 1) |
    (+(a[p + off[2]] === g) << 2) |
    (+(a[p + off[3]] === g) << 3) |
    (+(a[p + off[4]] === g) << 4) |
    (+(a[p + off[5]] === g) << 5) |
    (+(a[p + off[6]] === g) << 6) |
    (+(a[p + off[7]] === g) << 7) |
    (+(a[p + off[8]] === g) << 8) |
    (+(a[p + off[9]] === g) << 9) |
    (+(a[p + off[10]] === g) << 10) |
    (+(a[p + off[11]] === g) << 11) |
    (+(a[p + off[12]] === g) << 12)
  );
}

function matchBits4(a: Int32Array, p: number, g: number, off: Int32Array): number {
  return +(a[p + off[0]] === g) | (+(a[p + off[1]] === g) << 1) | (+(a[p + off[2]] === g) << 2) | (+(a[p + off[3]] === g) << 3);
}

/**
 * Pass 1 of labelZones: gives each ROI voxel of the box a provisional label in `labels` and links it
 * to the labels of its backward neighbours of the same grey level (union-find in `parent`: parent[l] <= l,
 * a root points to itself; when two roots meet the larger points to the smaller). `first[z]` gets the
 * first label made in slice z, `levelOf[l]` the grey level of label l. Returns the number of labels.
 */
function linkZones(
  padded: Int32Array,
  shape: Vec3,
  threeD: boolean,
  labels: Int32Array,
  parent: Int32Array,
  levelOf: Int32Array,
  first: Int32Array,
  scratch: MatrixScratch,
): number {
  const [nx, ny, nz] = shape;
  const px = nx + 2;
  const pplane = px * (ny + 2);
  const { padded: padOff, box: boxOff, cover } = backwardNeighbours(shape, threeD, scratch);
  let next = 0;
  // One call per row: V8 compiles linkRow once, where the loops here would make it compile this whole
  // function on the fly, again as unseen code is reached (see fftSums in morphology/spatial.ts).
  for (let z = 0, k = 0; z < nz; z++) {
    first[z] = next;
    for (let y = 0; y < ny; y++, k += nx) next = linkRow(padded, 1 + px * (y + 1) + pplane * (z + 1), k, nx, threeD, padOff, boxOff, cover, labels, parent, levelOf, next);
  }
  return next;
}

/**
 * linkZones for the nx voxels of one row, the first at p in the padded box and k in the box; `next` is
 * the next free label. Returns the next free label after the row.
 */
function linkRow(
  padded: Int32Array,
  p: number,
  k: number,
  nx: number,
  threeD: boolean,
  padOff: Int32Array,
  boxOff: Int32Array,
  cover: Int32Array,
  labels: Int32Array,
  parent: Int32Array,
  levelOf: Int32Array,
  next: number,
): number {
  for (let x = 0; x < nx; x++, k++, p++) {
    const g = padded[p];
    if (g <= 0) continue;
    let bits = threeD ? matchBits13(padded, p, g, padOff) : matchBits4(padded, p, g, padOff);
    if (bits === 0) {
      // No backward neighbour of this level: a new label (the first voxel of a zone, in box order).
      parent[next] = next;
      levelOf[next] = g;
      labels[k] = next++;
      continue;
    }
    labels[k] = joinNeighbours(bits, k, boxOff, cover, labels, parent);
  }
  return next;
}

/**
 * The root of the zone of box voxel k, whose backward neighbours of its grey level are the bits of `bits`
 * (not 0; backwardOrder's order), after linking their zones (linkRow). Links to one matching neighbour,
 * then only to those not touching one already linked: two touching neighbours of this level were linked
 * when the later of them was visited.
 */
export function joinNeighbours(bits: number, k: number, boxOff: Int32Array, cover: Int32Array, labels: Int32Array, parent: Int32Array): number {
  let r = -1; // root of this voxel's zone so far
  while (bits !== 0) {
    const o = 31 - Math.clz32(bits & -bits); // lowest set bit
    bits &= ~cover[o];
    let l = labels[k + boxOff[o]];
    if (l === r) continue;
    while (parent[l] !== l) {
      const up = parent[parent[l]]; // path halving
      parent[l] = up;
      l = up;
    }
    if (r < 0) r = l;
    else if (l < r) {
      parent[r] = l;
      r = l;
    } else if (l > r) parent[l] = r;
  }
  return r;
}

/**
 * Labels the zones of `levels` (box, x fastest, 0 outside the ROI): voxels are linked when they are
 * neighbours (26-connectivity in 3D, 8-connectivity within the slice in 2D) with the same grey level.
 * Zones are numbered in box order of their first voxel, so in 2D the zones of each slice have
 * consecutive ids.
 *
 * Two raster passes with union-find, as connected-component labelling in C libraries: linkZones gives
 * provisional labels, then each label is mapped to its root and the roots are numbered in ascending
 * order. A zone's root is the label of its first voxel in box order (no backward neighbour of that
 * voxel lies in the zone, so it made a new label, smaller than any other of the zone), hence zones are
 * numbered as a flood fill started from each unlabelled voxel in box order would number them. Work
 * O(box + 13 N_v) in sequential reads; memory the padded levels and labels (box size) and four
 * Int32Arrays of ROI size.
 */
export function labelZones(levels: Int32Array, shape: Vec3, threeD: boolean, scratch: MatrixScratch = new MatrixScratch()): ZoneLabels {
  const nz = shape[2];
  // The loops over the box and the labels are helpers, for V8 (see linkZones).
  const roi = roiVoxelCount(levels);
  // Arrays of `scratch` (see matrixScratch.ts): the labels are valid until its next labelZones.
  const labels = scratch.int32('labels', levels.length); // provisional labels of ROI voxels; -1 outside set below
  const parent = scratch.int32('parent', roi);
  const levelOf = scratch.int32('levelOf', roi);
  const first = scratch.int32('first', nz);
  const next = linkZones(padLevels(levels, shape, scratch), shape, threeD, labels, parent, levelOf, first, scratch);
  // Zone id of each label (reusing `parent`): roots numbered in ascending order; parent[l] < l was numbered before l.
  const level = scratch.int32('zoneLevel', roi);
  const count = numberRoots(parent, levelOf, next, level);
  const size = scratch.int32('zoneSize', roi);
  zoneIds(levels, labels, parent, size);
  let sliceStart: Int32Array | null = null;
  if (!threeD) {
    // The first label of slice z (if any) is a root, the first zone of the slice in box order.
    sliceStart = new Int32Array(nz + 1);
    for (let z = 0; z < nz; z++) sliceStart[z] = first[z] < next ? parent[first[z]] : count;
    sliceStart[nz] = count;
  }
  return { count, labels, level, size, sliceStart };
}

/**
 * Numbers the roots among the labels 0 .. next - 1 in ascending order, in place: parent[l] becomes the
 * zone id of label l (parent[l] < l was numbered before l) and level[id] the grey level of the zone.
 * Returns the number of zones.
 */
export function numberRoots(parent: Int32Array, levelOf: Int32Array, next: number, level: Int32Array): number {
  let count = 0;
  for (let l = 0; l < next; l++) {
    if (parent[l] === l) {
      level[count] = levelOf[l];
      parent[l] = count++;
    } else parent[l] = parent[parent[l]];
  }
  return count;
}

/** Provisional labels to zone ids (idOf, from numberRoots), -1 outside the ROI; counts the voxels of each zone into size. */
export function zoneIds(levels: Int32Array, labels: Int32Array, idOf: Int32Array, size: Int32Array): void {
  for (let k = 0; k < labels.length; k++) {
    if (levels[k] <= 0) {
      labels[k] = -1;
      continue;
    }
    const id = idOf[labels[k]];
    labels[k] = id;
    size[id]++;
  }
}

/** The rank (PresentLevels.rankOf) of the grey level of each of the `count` zones, from ZoneLabels.level. */
export function zoneRanks(level: Int32Array, count: number, rankOf: Int32Array, scratch: MatrixScratch = new MatrixScratch()): Int32Array {
  const rank = scratch.int32('entryRank', count);
  for (let id = 0; id < count; id++) rank[id] = rankOf[level[id]];
  return rank;
}

/** One row (grey level rank) and one column value j >= 1 per zone or voxel: entries 0 .. count - 1 of rank and value (the arrays may be longer). */
export interface MatrixEntries {
  readonly count: number;
  readonly rank: Int32Array;
  readonly value: Int32Array;
  /** 2D: entries of slice z are sliceStart[z] .. sliceStart[z + 1] - 1 (length nz + 1); null in 3D. */
  readonly sliceStart: Int32Array | null;
}

/**
 * Counts s_ij of zones, or of voxels, with grey level i (row) and value j (column): zone size (GLSZM),
 * zone distance (GLDZM), dependence count (NGLDM). counts[a * cols + b] is the count of grey level
 * rowValues[a] and j = colValues[b].
 */
export interface CountMatrix {
  readonly counts: Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** Grey level of each row: the levels present in the ROI, ascending. */
  readonly rowValues: Int32Array;
  /** j of each column: the values that occur, ascending. */
  readonly colValues: Int32Array;
  /** N_v: ROI voxels behind the matrix (summed when matrices are merged). */
  readonly voxels: number;
}

interface Columns {
  readonly values: Int32Array;
  /** column of value j, or -1. */
  readonly index: Int32Array;
}

function columnsOf(entries: MatrixEntries, scratch: MatrixScratch): Columns {
  let max = 0;
  for (let e = 0; e < entries.count; e++) if (entries.value[e] > max) max = entries.value[e];
  const index = scratch.int32('columnIndex', max + 1).fill(-1);
  for (let e = 0; e < entries.count; e++) index[entries.value[e]] = 0;
  let cols = 0;
  for (let j = 1; j <= max; j++) if (index[j] === 0) index[j] = cols++;
  const values = scratch.int32('columnValues', cols);
  for (let j = 1; j <= max; j++) if (index[j] >= 0) values[index[j]] = j;
  return { values, index };
}

function addEntries(counts: Float64Array, cols: number, entries: MatrixEntries, columns: Columns, from: number, to: number, delta: number): void {
  const { rank, value } = entries;
  for (let e = from; e < to; e++) counts[rank[e] * cols + columns.index[value[e]]] += delta;
}

function matrixOf(entries: MatrixEntries, columns: Columns, present: PresentLevels, voxels: number, family: string, maxBytes: number, scratch: MatrixScratch): CountMatrix {
  const rows = present.values.length;
  const cols = columns.values.length;
  assertMatrixFits(family, rows, cols, 8, maxBytes);
  const counts = scratch.float64('matrix', rows * cols);
  addEntries(counts, cols, entries, columns, 0, entries.count, 1);
  return { counts, rows, cols, rowValues: present.values, colValues: columns.values, voxels };
}

/** The count matrix of all `entries` (in 2D: the sum of the slice matrices), behind `voxels` ROI voxels; its arrays are `scratch`'s. */
export function countMatrixOf(entries: MatrixEntries, present: PresentLevels, voxels: number, family: string, maxBytes: number, scratch: MatrixScratch = new MatrixScratch()): CountMatrix {
  return matrixOf(entries, columnsOf(entries, scratch), present, voxels, family, maxBytes, scratch);
}

/**
 * Statistics of one count matrix, from which each GLSZM, GLDZM and NGLDM feature is a one-liner. With
 * s_ij the count at grey level i (the level value, not its rank) and column value j: N_s = sum_ij s_ij,
 * s_i. and s_.j the marginal sums, p_ij = s_ij / N_s. Sums are kept un-normalised; features divide.
 */
export interface CountMatrixStats {
  /** N_s: zones (GLSZM, GLDZM) or neighbourhoods (NGLDM). */
  readonly total: number;
  /** N_v: ROI voxels behind the matrix. */
  readonly voxels: number;
  /** sum_j s_.j / j^2 and sum_j j^2 s_.j. */
  readonly invJ2: number;
  readonly j2: number;
  /** sum_i s_i. / i^2 and sum_i i^2 s_i. */
  readonly invI2: number;
  readonly i2: number;
  /** sum_ij s_ij / (i^2 j^2), i^2 s_ij / j^2, j^2 s_ij / i^2, i^2 j^2 s_ij. */
  readonly invI2InvJ2: number;
  readonly i2InvJ2: number;
  readonly j2InvI2: number;
  readonly i2J2: number;
  /** sum_i s_i.^2 and sum_j s_.j^2. */
  readonly rowSquares: number;
  readonly colSquares: number;
  /** sum_ij (i - mu)^2 p_ij with mu = sum_ij i p_ij; likewise for j. */
  readonly iVariance: number;
  readonly jVariance: number;
  /** -sum_ij p_ij log2 p_ij. */
  readonly entropy: number;
  /** sum_ij p_ij^2. */
  readonly energy: number;
}

/** CountMatrixStats with writable fields: what countMatrixStatsInto fills (feature maps reuse one). */
export type CountMatrixStatsRecord = Writable<CountMatrixStats>;

/** A CountMatrixStatsRecord to fill; every field NaN (a double from the start, so the fields keep one representation). */
function emptyCountMatrixStats(): CountMatrixStatsRecord {
  return {
    total: NaN,
    voxels: NaN,
    invJ2: NaN,
    j2: NaN,
    invI2: NaN,
    i2: NaN,
    invI2InvJ2: NaN,
    i2InvJ2: NaN,
    j2InvI2: NaN,
    i2J2: NaN,
    rowSquares: NaN,
    colSquares: NaN,
    iVariance: NaN,
    jVariance: NaN,
    entropy: NaN,
    energy: NaN,
  };
}

/**
 * Statistics of `m`; null when it holds no count. `scratch` (working memory, see matrixScratch.ts: rows +
 * cols + cells Float64) may be shared by the matrices of one ROI or kernel.
 */
export function countMatrixStats(m: CountMatrix, scratch: MatrixScratch = new MatrixScratch()): CountMatrixStats | null {
  const stats = emptyCountMatrixStats();
  return countMatrixStatsInto(m, scratch, stats) ? stats : null;
}

/**
 * countMatrixStats written into `into` (no object made: feature maps compute a matrix per kernel); false,
 * with `into` unchanged, when the matrix holds no count.
 */
export function countMatrixStatsInto(m: CountMatrix, scratch: MatrixScratch, into: CountMatrixStatsRecord): boolean {
  const { counts, rows, cols, rowValues, colValues } = m;
  // Row sums s_i. at sums[a], column sums s_.j at sums[rows + b]; from sums[rows + cols] on, the non-zero
  // counts in cell order, for the entropy and energy once N_s is known (most cells of a kernel's matrix are 0).
  const sums = scratch.zeros(rows + cols, rows + cols + counts.length); // the sums zeroed; the list is written before it is read
  let nonZero = rows + cols;
  let total = 0;
  let invI2InvJ2 = 0;
  let i2InvJ2 = 0;
  let j2InvI2 = 0;
  let i2J2 = 0;
  let invI2 = 0;
  let i2 = 0;
  let rowSquares = 0;
  let iSum = 0;
  for (let a = 0; a < rows; a++) {
    const i = rowValues[a];
    const ii = i * i;
    let row = 0;
    for (let b = 0, k = a * cols; b < cols; b++, k++) {
      const c = counts[k];
      if (c === 0) continue;
      const j2 = colValues[b] * colValues[b];
      row += c;
      sums[rows + b] += c;
      sums[nonZero++] = c;
      invI2InvJ2 += c / (ii * j2);
      i2InvJ2 += (c * ii) / j2;
      j2InvI2 += (c * j2) / ii;
      i2J2 += c * ii * j2;
    }
    sums[a] = row;
    total += row;
    invI2 += row / (i * i);
    i2 += row * i * i;
    rowSquares += row * row;
    iSum += i * row;
  }
  if (total === 0) return false;

  let invJ2 = 0;
  let j2 = 0;
  let colSquares = 0;
  let jSum = 0;
  for (let b = 0; b < cols; b++) {
    const r = sums[rows + b];
    const j = colValues[b];
    invJ2 += r / (j * j);
    j2 += r * j * j;
    colSquares += r * r;
    jSum += j * r;
  }
  // Means from integer sums, so one grey level (or one value of j) gives a variance of exactly 0.
  const iMean = iSum / total;
  const jMean = jSum / total;
  let iVariance = 0;
  for (let a = 0; a < rows; a++) if (sums[a] > 0) iVariance += (rowValues[a] - iMean) ** 2 * (sums[a] / total);
  let jVariance = 0;
  for (let b = 0; b < cols; b++) if (sums[rows + b] > 0) jVariance += (colValues[b] - jMean) ** 2 * (sums[rows + b] / total);
  // p and p log2 p per count from the scratch's memo (c / N then p log2 p, computed once per N and count).
  scratch.startMatrix(total);
  let entropy = 0;
  let energy = 0;
  for (let k = rows + cols; k < nonZero; k++) {
    const c = sums[k];
    const p = scratch.probability(c);
    entropy -= scratch.entropyTerm(c);
    energy += p * p;
  }
  into.total = total;
  into.voxels = m.voxels;
  into.invJ2 = invJ2;
  into.j2 = j2;
  into.invI2 = invI2;
  into.i2 = i2;
  into.invI2InvJ2 = invI2InvJ2;
  into.i2InvJ2 = i2InvJ2;
  into.j2InvI2 = j2InvI2;
  into.i2J2 = i2J2;
  into.rowSquares = rowSquares;
  into.colSquares = colSquares;
  into.iVariance = iVariance;
  into.jVariance = jVariance;
  into.entropy = entropy;
  into.energy = energy;
  return true;
}

/** The features every count matrix gives (GLSZM, GLDZM, NGLDM), by the statistic they read. */
export type CountFeatureFormula =
  | 'lowJEmphasis'
  | 'highJEmphasis'
  | 'lowGreyLevelEmphasis'
  | 'highGreyLevelEmphasis'
  | 'lowJLowGreyLevelEmphasis'
  | 'lowJHighGreyLevelEmphasis'
  | 'highJLowGreyLevelEmphasis'
  | 'highJHighGreyLevelEmphasis'
  | 'greyLevelNonUniformity'
  | 'normalisedGreyLevelNonUniformity'
  | 'jNonUniformity'
  | 'normalisedJNonUniformity'
  | 'percentage'
  | 'greyLevelVariance'
  | 'jVariance'
  | 'jEntropy';

/** A family's name, IBSI code and note for one of the shared count-matrix formulas. */
export interface CountFeatureNaming {
  readonly formula: CountFeatureFormula;
  readonly name: string;
  readonly ibsi: string;
  readonly note?: string;
}

/**
 * Each shared formula once, in LaTeX with the family's symbols: `c` the count (s_ij in GLSZM and NGLDM,
 * d_ij in GLDZM) and `n` the number of columns (N_z, N_d, N_n).
 */
const COUNT_FEATURE_FORMULAS: Readonly<Record<CountFeatureFormula, { readonly formula: (c: string, n: string) => string; readonly compute: (s: CountMatrixStats) => number }>> = {
  lowJEmphasis: { formula: (c, n) => String.raw`\frac{1}{N_s} \sum_{j=1}^{${n}} \frac{${c}_{.j}}{j^2}`, compute: (s) => s.invJ2 / s.total },
  highJEmphasis: { formula: (c, n) => String.raw`\frac{1}{N_s} \sum_{j=1}^{${n}} j^2 ${c}_{.j}`, compute: (s) => s.j2 / s.total },
  lowGreyLevelEmphasis: { formula: (c) => String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} \frac{${c}_{i.}}{i^2}`, compute: (s) => s.invI2 / s.total },
  highGreyLevelEmphasis: { formula: (c) => String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} i^2 ${c}_{i.}`, compute: (s) => s.i2 / s.total },
  lowJLowGreyLevelEmphasis: { formula: (c, n) => String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} \sum_{j=1}^{${n}} \frac{${c}_{ij}}{i^2 j^2}`, compute: (s) => s.invI2InvJ2 / s.total },
  lowJHighGreyLevelEmphasis: { formula: (c, n) => String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} \sum_{j=1}^{${n}} \frac{i^2 ${c}_{ij}}{j^2}`, compute: (s) => s.i2InvJ2 / s.total },
  highJLowGreyLevelEmphasis: { formula: (c, n) => String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} \sum_{j=1}^{${n}} \frac{j^2 ${c}_{ij}}{i^2}`, compute: (s) => s.j2InvI2 / s.total },
  highJHighGreyLevelEmphasis: { formula: (c, n) => String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} \sum_{j=1}^{${n}} i^2 j^2 ${c}_{ij}`, compute: (s) => s.i2J2 / s.total },
  greyLevelNonUniformity: { formula: (c) => String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} ${c}_{i.}^2`, compute: (s) => s.rowSquares / s.total },
  normalisedGreyLevelNonUniformity: { formula: (c) => String.raw`\frac{1}{N_s^2} \sum_{i=1}^{N_g} ${c}_{i.}^2`, compute: (s) => s.rowSquares / (s.total * s.total) },
  jNonUniformity: { formula: (c, n) => String.raw`\frac{1}{N_s} \sum_{j=1}^{${n}} ${c}_{.j}^2`, compute: (s) => s.colSquares / s.total },
  normalisedJNonUniformity: { formula: (c, n) => String.raw`\frac{1}{N_s^2} \sum_{j=1}^{${n}} ${c}_{.j}^2`, compute: (s) => s.colSquares / (s.total * s.total) },
  percentage: { formula: () => String.raw`\frac{N_s}{N_v}`, compute: (s) => s.total / s.voxels },
  greyLevelVariance: {
    formula: (c, n) => String.raw`\sum_{i=1}^{N_g} \sum_{j=1}^{${n}} (i-\mu)^2 p_{ij},\quad \mu = \sum_{i=1}^{N_g} \sum_{j=1}^{${n}} i\, p_{ij},\quad p_{ij} = ${c}_{ij}/N_s`,
    compute: (s) => s.iVariance,
  },
  jVariance: { formula: (_c, n) => String.raw`\sum_{i=1}^{N_g} \sum_{j=1}^{${n}} (j-\mu)^2 p_{ij},\quad \mu = \sum_{i=1}^{N_g} \sum_{j=1}^{${n}} j\, p_{ij}`, compute: (s) => s.jVariance },
  jEntropy: { formula: (_c, n) => String.raw`-\sum_{i=1}^{N_g} \sum_{j=1}^{${n}} p_{ij} \log_2 p_{ij}`, compute: (s) => s.entropy },
};

/**
 * A feature table over CountMatrixStats from each feature's name, IBSI code and shared formula, with
 * the family's count symbol (`count`, e.g. 's') and column count (`columns`, e.g. 'N_z') in the LaTeX.
 * Keys and their order are those of `namings`.
 */
export function countMatrixFeatures<K extends string>(
  symbols: { readonly count: string; readonly columns: string },
  namings: { readonly [P in K]: CountFeatureNaming },
): { readonly [P in K]: FeatureDef<CountMatrixStats> } {
  const table = {} as Record<K, FeatureDef<CountMatrixStats>>;
  for (const key of Object.keys(namings) as K[]) {
    const { formula, name, ibsi, note } = namings[key];
    const shared = COUNT_FEATURE_FORMULAS[formula];
    table[key] = { name, ibsi, formula: shared.formula(symbols.count, symbols.columns), ...(note === undefined ? {} : { note }), compute: shared.compute };
  }
  return table;
}

/** The statistics objects of one aggregation method, and the slices left out. */
export interface ZoneParts<S> {
  readonly aggregation: ZoneAggregation;
  /** 2D: one per slice whose features are averaged; 2.5D and 3D: at most one. */
  readonly parts: readonly S[];
  /** z of slices that hold ROI voxels but gave no matrix (2D only). */
  readonly skippedSlices: readonly number[];
}

/** `aggregations` without repeats, in their order (the array itself when it has one: feature maps ask per kernel). */
export function uniqueAggregations(aggregations: readonly ZoneAggregation[]): readonly ZoneAggregation[] {
  return aggregations.length === 1 ? aggregations : [...new Set(aggregations)];
}

/**
 * Count-matrix statistics per aggregation method, in the order of `aggregations`. `entriesOf(threeD)`
 * gives the entries of the 3D pass, or of the in-plane pass grouped by slice; each pass is made at
 * most once. `sliceVoxels` is N_v per slice (sliceVoxelCounts). The matrices are arrays of `scratch`
 * (matrixScratch.ts), which `entriesOf` may use too for its own slots.
 */
export function countMatrixParts(
  aggregations: readonly ZoneAggregation[],
  entriesOf: (threeD: boolean) => MatrixEntries,
  present: PresentLevels,
  sliceVoxels: Float64Array,
  family: string,
  maxBytes: number,
  scratch: MatrixScratch = new MatrixScratch(),
): ZoneParts<CountMatrixStats>[] {
  const wanted = uniqueAggregations(aggregations);
  let totalVoxels = 0;
  for (let z = 0; z < sliceVoxels.length; z++) totalVoxels += sliceVoxels[z];
  const found = new Map<ZoneAggregation, ZoneParts<CountMatrixStats>>();
  const single = (aggregation: ZoneAggregation, m: CountMatrix): ZoneParts<CountMatrixStats> => {
    const s = countMatrixStats(m, scratch);
    return { aggregation, parts: s === null ? [] : [s], skippedSlices: [] };
  };

  if (wanted.includes('2D') || wanted.includes('2.5D')) {
    const entries = entriesOf(false);
    const columns = columnsOf(entries, scratch);
    const merged = matrixOf(entries, columns, present, totalVoxels, family, maxBytes, scratch);
    if (wanted.includes('2.5D')) found.set('2.5D', single('2.5D', merged));
    if (wanted.includes('2D')) {
      // One slice matrix at a time, with the merged matrix's columns; filled, reduced, then emptied.
      const counts = scratch.float64('sliceMatrix', merged.counts.length);
      const start = entries.sliceStart as Int32Array;
      const parts: CountMatrixStats[] = [];
      const skippedSlices: number[] = [];
      for (let z = 0; z < sliceVoxels.length; z++) {
        if (sliceVoxels[z] === 0) continue;
        addEntries(counts, merged.cols, entries, columns, start[z], start[z + 1], 1);
        const s = countMatrixStats({ ...merged, counts, voxels: sliceVoxels[z] }, scratch);
        if (s === null) skippedSlices.push(z);
        else parts.push(s);
        addEntries(counts, merged.cols, entries, columns, start[z], start[z + 1], -1);
      }
      found.set('2D', { aggregation: '2D', parts, skippedSlices });
    }
  }
  if (wanted.includes('3D')) found.set('3D', single('3D', countMatrixOf(entriesOf(true), present, totalVoxels, family, maxBytes, scratch)));
  return wanted.map((a) => found.get(a) as ZoneParts<CountMatrixStats>);
}

/**
 * Feature values of one zone aggregation: averageValues over the slices (2D) or evaluateTable on the one
 * matrix (2.5D, 3D). No part at all makes every feature null with an UndefinedFeature warning giving
 * `emptyReason`; left-out slices add one SliceSkipped warning.
 */
export function zoneAggregatedValues<S>(family: string, table: FeatureTable<S>, agg: ZoneParts<S>, distance: number | undefined, warnings: Warning[], emptyReason: string): RawFeatureValue[] {
  const { aggregation, parts } = agg;
  if (parts.length === 0) {
    return Object.keys(table).map((key) => {
      const id = featureId(family, key, aggregation, distance);
      warnings.push({ code: 'UndefinedFeature', feature: id, message: `${id} is undefined for this ROI: ${emptyReason}` });
      return distance === undefined ? { feature: key, aggregation, value: null } : { feature: key, aggregation, distance, value: null };
    });
  }
  if (agg.skippedSlices.length > 0) {
    const where = distance === undefined ? `${family} ${aggregation}` : `${family} ${aggregation} (distance ${distance})`;
    warnings.push({ code: 'SliceSkipped', message: `${where}: slice(s) z = ${agg.skippedSlices.join(', ')} of the ROI box hold ROI voxels but no ${family} count (${emptyReason}); they were left out of the average` });
  }
  return aggregation === '2D' ? averageValues(table, parts, family, aggregation, distance, warnings) : evaluateTable(family, table, parts[0], aggregation, distance, warnings);
}

/**
 * zoneAggregatedValues' values alone, for feature maps (per kernel, where the value objects and warnings
 * cost more than the features): the features of `computes` (featureComputes of the table) to out[at ..],
 * NaN where zoneAggregatedValues gives null, the same bits otherwise. Returns the next free index.
 */
export function zoneAggregatedValuesInto<S>(computes: readonly ((s: S) => number)[], agg: ZoneParts<S>, out: Float64Array, at: number): number {
  const { aggregation, parts } = agg;
  if (parts.length === 0) out.fill(NaN, at, at + computes.length);
  else if (aggregation === '2D') averageInto(computes, parts, out, at);
  else evaluateInto(computes, parts[0], out, at);
  return at + computes.length;
}

/** True when `aggregations` is the 3D method alone (repeats allowed): feature maps' usual case, for countMatrix3DValuesInto. */
export function only3D(aggregations: readonly ZoneAggregation[]): boolean {
  for (let a = 0; a < aggregations.length; a++) if (aggregations[a] !== '3D') return false;
  return aggregations.length > 0;
}

/**
 * countMatrixParts then zoneAggregatedValuesInto for the 3D method alone (only3D), without the parts'
 * objects: the features of the matrix of the 3D pass's `entries` behind `voxels` ROI voxels (the box's;
 * countMatrixParts' sum of the slice counts) to out[at ..], NaN for all when it is empty, the same bits.
 * Returns the next free index.
 */
export function countMatrix3DValuesInto(
  computes: readonly ((s: CountMatrixStats) => number)[],
  entries: MatrixEntries,
  present: PresentLevels,
  voxels: number,
  family: string,
  maxBytes: number,
  scratch: MatrixScratch,
  out: Float64Array,
  at: number,
): number {
  if (!countMatrixStatsInto(countMatrixOf(entries, present, voxels, family, maxBytes, scratch), scratch, kernelStats)) out.fill(NaN, at, at + computes.length);
  else countFeatureValuesInto(computes, kernelStats, out, at);
  return at + computes.length;
}

/**
 * evaluateInto (out[at + f] = computes[f](s), NaN where not finite) with the first 16 computes called at
 * a site each: evaluateInto's loop has one call site for every feature of every family, which V8 does
 * not inline, so each result came back as a heap number (16 per kernel of a feature map). Here site f
 * sees the f-th compute of GLSZM, GLDZM and NGLDM, mostly the same shared formula (COUNT_FEATURE_FORMULAS),
 * which V8 inlines. The same calls on the same record, so the same values.
 */
function countFeatureValuesInto(computes: readonly ((s: CountMatrixStats) => number)[], s: CountMatrixStats, out: Float64Array, at: number): void {
  const n = computes.length;
  if (n > 0) storeFinite(computes[0](s), out, at);
  if (n > 1) storeFinite(computes[1](s), out, at + 1);
  if (n > 2) storeFinite(computes[2](s), out, at + 2);
  if (n > 3) storeFinite(computes[3](s), out, at + 3);
  if (n > 4) storeFinite(computes[4](s), out, at + 4);
  if (n > 5) storeFinite(computes[5](s), out, at + 5);
  if (n > 6) storeFinite(computes[6](s), out, at + 6);
  if (n > 7) storeFinite(computes[7](s), out, at + 7);
  if (n > 8) storeFinite(computes[8](s), out, at + 8);
  if (n > 9) storeFinite(computes[9](s), out, at + 9);
  if (n > 10) storeFinite(computes[10](s), out, at + 10);
  if (n > 11) storeFinite(computes[11](s), out, at + 11);
  if (n > 12) storeFinite(computes[12](s), out, at + 12);
  if (n > 13) storeFinite(computes[13](s), out, at + 13);
  if (n > 14) storeFinite(computes[14](s), out, at + 14);
  if (n > 15) storeFinite(computes[15](s), out, at + 15);
  for (let f = 16; f < n; f++) storeFinite(computes[f](s), out, at + f);
}

/**
 * out[k] = v, or NaN when v is not finite. Stored, then overwritten: written `Number.isFinite(v) ? v : NaN`
 * the value met the NaN constant and V8 made a heap number of every value (16 per kernel).
 */
function storeFinite(v: number, out: Float64Array, k: number): void {
  out[k] = v;
  if (!Number.isFinite(v)) out[k] = NaN;
}

/** countMatrix3DValuesInto's statistics record, one for all calls (was an object of 16 numbers per kernel of a feature map); filled anew before each read. */
const kernelStats = emptyCountMatrixStats();

/** Throws InvalidArgument unless delta is a positive integer and alpha a non-negative number. */
export function checkNeighbourhood(family: string, distance: number, alpha = 0): void {
  if (!Number.isInteger(distance) || distance < 1) {
    throw new RadiomicsError('InvalidArgument', `${family}: the neighbourhood distance must be a positive integer; got ${distance}`, { family, distance });
  }
  if (!(alpha >= 0)) throw new RadiomicsError('InvalidArgument', `${family}: the coarseness alpha must be >= 0; got ${alpha}`, { family, alpha });
}

/**
 * The box, or its one slice z = `zSlice` as a box of shape [nx, ny, 1]: [from, to) of the box arrays
 * (x fastest, so a slice is contiguous) and the shape. The builders take `zSlice` to give one slice's
 * 2D matrix; voxels of other slices then count as outside the ROI. InvalidArgument for a bad index.
 */
export function boxOrSlice(shape: Vec3, zSlice: number | undefined): { readonly from: number; readonly to: number; readonly shape: Vec3 } {
  const [z0, z1] = sliceRange(shape, zSlice);
  const plane = shape[0] * shape[1];
  return { from: z0 * plane, to: z1 * plane, shape: [shape[0], shape[1], z1 - z0] };
}
