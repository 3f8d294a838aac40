/**
 * Grey level distance zone based features (IBSI 1 manual, "Grey level distance zone based features",
 * VMDZ): 16 features of the GLDZM under the zone aggregations 2D, 2.5D and 3D (see zones.ts).
 *
 * Zones are those of the GLSZM (intensity mask; 26-connected in 3D, 8-connected in-plane in 2D).
 * The distance of a voxel is computed on the MORPHOLOGICAL mask: the number of 6-connected (3D) or
 * 4-connected (2D, within the slice) erosions it survives, plus one. That is the city-block (Manhattan)
 * distance to the nearest voxel outside the mask, where everything outside the box counts as outside:
 * a voxel on the ROI border, or on the edge of the box, has distance 1 (the manual's lowest distance).
 * The digital phantom's matrices (manual, "Digital phantom texture matrices") confirm both choices:
 * in its second slice the grey level 3 voxel lies two steps from the image edge and gets distance 2.
 * A zone's distance is the smallest distance of its voxels. d_ij counts zones of grey level i (the
 * level value) and distance j.
 *
 * Cost: as GLSZM, plus a two-pass distance transform over the box (Int32 per box voxel).
 */
import type { Vec3 } from '../image/volume.js';
import { MatrixScratch } from './matrixScratch.js';
import { sliceVoxelCounts } from './aggregate.js';
import { presentLevels, roiVoxelCount, type PresentLevels } from './levels.js';
import type { FamilyDefinition, FamilyInput, FamilyOutput, FeatureTable, Warning, ZoneAggregation } from './types.js';
import {
  boxOrSlice,
  countMatrixFeatures,
  countMatrixOf,
  countMatrixParts,
  labelZones,
  zoneAggregatedValues,
  zoneRanks,
  type CountMatrix,
  type CountMatrixStats,
  type MatrixEntries,
} from './zones.js';

export interface GldzmParams {
  /** IBSI aggregation methods to compute. Default ['3D']; 2D and 2.5D add one in-plane pass. */
  readonly aggregations: readonly ZoneAggregation[];
  /** Largest single matrix in bytes (N_g x distinct distances x 8); over it, MatrixTooLarge. Default 512 MiB. */
  readonly maxMatrixBytes: number;
  /** Working memory reused from call to call (feature maps pass one per slab of kernels); absent: one per call. Never changes a value. */
  readonly scratch?: MatrixScratch;
}

export const GLDZM_DEFAULTS: GldzmParams = { aggregations: ['3D'], maxMatrixBytes: 512 * 2 ** 20 };

/**
 * Distance to the border of `mask` (box, x fastest; 1 inside) for each voxel: the city-block distance
 * to the nearest voxel outside the mask or the box, 0 outside the mask. 3D uses the 6 face neighbours,
 * 2D the 4 in-plane ones (each slice apart). Two raster passes (forward then backward), exact for
 * the city-block metric. A neighbour outside the box counts as distance 0, so in the forward pass the
 * mask voxels of the first row of each slice (and in 3D of the whole first slice) get 1, likewise the
 * last ones in the backward pass; these tests are made once per row, not per voxel.
 */
export function borderDistanceMap(mask: Uint8Array, shape: Vec3, threeD: boolean, scratch: MatrixScratch = new MatrixScratch()): Int32Array {
  const [nx, ny, nz] = shape;
  const plane = nx * ny;
  const d = scratch.int32('distances', mask.length);
  // One call per row: V8 compiles the row functions once, where the loops here would make it compile
  // this whole function on the fly (see fftSums in morphology/spatial.ts).
  // Forward: d = 1 + min(d of x - 1, y - 1, z - 1 (3D)).
  for (let z = 0; z < nz; z++) {
    const zFace = threeD && z === 0;
    for (let y = 0; y < ny; y++) forwardDistanceRow(mask, d, nx * (y + ny * z), nx, plane, threeD, y === 0 || zFace);
  }
  // Backward: d = min(d, 1 + min(d of x + 1, y + 1, z + 1 (3D))).
  for (let z = nz - 1; z >= 0; z--) {
    const zFace = threeD && z === nz - 1;
    for (let y = ny - 1; y >= 0; y--) backwardDistanceRow(mask, d, nx * (y + ny * z), nx, plane, threeD, y === ny - 1 || zFace);
  }
  return d;
}

/** The forward pass of borderDistanceMap over the row of nx voxels from `row`; `face`: a first row (no neighbour before it in y or z). */
function forwardDistanceRow(mask: Uint8Array, d: Int32Array, row: number, nx: number, plane: number, threeD: boolean, face: boolean): void {
  const end = row + nx;
  if (face) {
    for (let k = row; k < end; k++) d[k] = mask[k] ? 1 : 0;
    return;
  }
  let left = 0; // d of x - 1; 0 before the first voxel of the row
  for (let k = row; k < end; k++) {
    if (!mask[k]) {
      left = 0;
      continue;
    }
    let v = Math.min(left, d[k - nx]);
    if (threeD) v = Math.min(v, d[k - plane]);
    left = v + 1;
    d[k] = left;
  }
}

/** The backward pass of borderDistanceMap over the row of nx voxels from `row`; `face`: a last row (no neighbour after it in y or z). */
function backwardDistanceRow(mask: Uint8Array, d: Int32Array, row: number, nx: number, plane: number, threeD: boolean, face: boolean): void {
  if (face) {
    for (let k = row + nx - 1; k >= row; k--) if (mask[k]) d[k] = 1;
    return;
  }
  let right = 0; // d of x + 1; 0 after the last voxel of the row
  for (let k = row + nx - 1; k >= row; k--) {
    if (!mask[k]) {
      right = 0;
      continue;
    }
    let v = Math.min(right, d[k + nx]);
    if (threeD) v = Math.min(v, d[k + plane]);
    right = Math.min(d[k], v + 1);
    d[k] = right;
  }
}

/**
 * One entry per zone: grey level rank and distance, the smallest border distance (on `morphMask`) of
 * its voxels; in 2D grouped by slice. An intensity-mask voxel outside the morphological mask (which
 * re-segmentation cannot produce) counts as distance 1.
 */
export function gldzmEntries(levels: Int32Array, morphMask: Uint8Array, shape: Vec3, threeD: boolean, present: PresentLevels, scratch: MatrixScratch = new MatrixScratch()): MatrixEntries {
  const zones = labelZones(levels, shape, threeD, scratch);
  const dist = borderDistanceMap(morphMask, shape, threeD, scratch);
  const value = scratch.int32('entryValue', zones.count).fill(2 ** 31 - 1);
  // The loops in helpers, for V8 (see borderDistanceMap).
  zoneDistances(zones.labels, dist, value);
  return { count: zones.count, rank: zoneRanks(zones.level, zones.count, present.rankOf, scratch), value, sliceStart: zones.sliceStart };
}

/** Lowers value[id] of each zone to the border distance (at least 1) of each of its voxels (labels: zone id per voxel, -1 outside). */
function zoneDistances(labels: Int32Array, dist: Int32Array, value: Int32Array): void {
  for (let k = 0; k < labels.length; k++) {
    const id = labels[k];
    if (id < 0) continue;
    value[id] = Math.min(value[id], Math.max(dist[k], 1)); // no branch on the comparison
  }
}

/**
 * The GLDZM of the box: the 3D matrix, or in 2D the sum of the slice matrices (the 2.5D matrix). With
 * `zSlice`, the 2D matrix of that slice alone (its zones, and its in-plane border distances).
 */
export function buildGldzm(
  levels: Int32Array,
  morphMask: Uint8Array,
  shape: Vec3,
  threeD: boolean,
  present: PresentLevels,
  zSlice?: number,
  maxMatrixBytes = GLDZM_DEFAULTS.maxMatrixBytes,
): CountMatrix {
  const box = boxOrSlice(shape, zSlice);
  const lv = levels.subarray(box.from, box.to);
  return countMatrixOf(gldzmEntries(lv, morphMask.subarray(box.from, box.to), box.shape, threeD, present), present, roiVoxelCount(lv), 'gldzm', maxMatrixBytes);
}

const EMPTY = 'the ROI is empty: no zone';

export const GLDZM_FEATURES = countMatrixFeatures(
  { count: 'd', columns: 'N_d' },
  {
    smallDistanceEmphasis: { formula: 'lowJEmphasis', name: 'Small distance emphasis', ibsi: '0GBI' },
    largeDistanceEmphasis: { formula: 'highJEmphasis', name: 'Large distance emphasis', ibsi: 'MB4I' },
    lowGreyLevelZoneEmphasis: { formula: 'lowGreyLevelEmphasis', name: 'Low grey level zone emphasis', ibsi: 'S1RA' },
    highGreyLevelZoneEmphasis: { formula: 'highGreyLevelEmphasis', name: 'High grey level zone emphasis', ibsi: 'K26C' },
    smallDistanceLowGreyLevelEmphasis: { formula: 'lowJLowGreyLevelEmphasis', name: 'Small distance low grey level emphasis', ibsi: 'RUVG' },
    smallDistanceHighGreyLevelEmphasis: { formula: 'lowJHighGreyLevelEmphasis', name: 'Small distance high grey level emphasis', ibsi: 'DKNJ' },
    largeDistanceLowGreyLevelEmphasis: { formula: 'highJLowGreyLevelEmphasis', name: 'Large distance low grey level emphasis', ibsi: 'A7WM' },
    largeDistanceHighGreyLevelEmphasis: { formula: 'highJHighGreyLevelEmphasis', name: 'Large distance high grey level emphasis', ibsi: 'KLTH' },
    greyLevelNonUniformity: { formula: 'greyLevelNonUniformity', name: 'Grey level non-uniformity', ibsi: 'VFT7' },
    normalisedGreyLevelNonUniformity: { formula: 'normalisedGreyLevelNonUniformity', name: 'Normalised grey level non-uniformity', ibsi: '7HP3' },
    zoneDistanceNonUniformity: { formula: 'jNonUniformity', name: 'Zone distance non-uniformity', ibsi: 'V294' },
    normalisedZoneDistanceNonUniformity: { formula: 'normalisedJNonUniformity', name: 'Normalised zone distance non-uniformity', ibsi: 'IATH' },
    zonePercentage: {
      formula: 'percentage',
      name: 'Zone percentage',
      ibsi: 'VIWW',
      note: 'N_v counts intensity-mask voxels; for 2.5D it is summed over the merged slice matrices, as the manual prescribes.',
    },
    greyLevelVariance: { formula: 'greyLevelVariance', name: 'Grey level variance', ibsi: 'QK93' },
    zoneDistanceVariance: { formula: 'jVariance', name: 'Zone distance variance', ibsi: '7WT1' },
    zoneDistanceEntropy: { formula: 'jEntropy', name: 'Zone distance entropy', ibsi: 'GBDU' },
  },
) satisfies FeatureTable<CountMatrixStats>;

function computeGldzm(input: FamilyInput, params: GldzmParams): FamilyOutput {
  const { levels, morphMask, boxShape } = input;
  const scratch = params.scratch ?? new MatrixScratch();
  const present = input.present ?? presentLevels(levels, scratch);
  const warnings: Warning[] = [];
  const parts = countMatrixParts(
    params.aggregations,
    (threeD) => gldzmEntries(levels, morphMask, boxShape, threeD, present, scratch),
    present,
    sliceVoxelCounts(levels, boxShape, scratch),
    'gldzm',
    params.maxMatrixBytes,
    scratch,
  );
  const values = parts.flatMap((agg) => zoneAggregatedValues('gldzm', GLDZM_FEATURES, agg, undefined, warnings, EMPTY));
  return { values, warnings };
}

export const gldzmFamily: FamilyDefinition<CountMatrixStats, GldzmParams> = {
  name: 'gldzm',
  title: 'Grey level distance zone based features',
  ibsi: 'VMDZ',
  features: GLDZM_FEATURES,
  compute: computeGldzm,
};
