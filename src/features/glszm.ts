/**
 * Grey level size zone based features (IBSI 1 manual, "Grey level size zone based features", 9SAK):
 * 16 features of the GLSZM under the zone aggregations 2D, 2.5D and 3D (see zones.ts).
 * A zone is a maximal set of linked ROI voxels with one grey level: 26-connected in 3D, 8-connected
 * within a slice in 2D. s_ij counts the zones of grey level i (the level value) and size j.
 * N_v is the number of ROI voxels behind the matrix (summed over slices for 2.5D).
 *
 * Cost: one union-find labelling per pass (O(box + 13 N_v), a padded Int32 copy of the box and Int32
 * labels per box voxel); the matrix is N_g x (distinct zone sizes) Float64 cells.
 */
import type { Vec3 } from '../image/volume.js';
import { MatrixScratch } from './matrixScratch.js';
import { sliceVoxelCounts } from './aggregate.js';
import { presentLevels, roiVoxelCount, type PresentLevels } from './levels.js';
import type { FamilyDefinition, FamilyInput, FamilyOutput, FeatureTable, Warning, ZoneAggregation } from './types.js';
import {
  boxOrSlice,
  countMatrix3DValuesInto,
  countMatrixFeatures,
  countMatrixOf,
  countMatrixParts,
  labelZones,
  only3D,
  zoneAggregatedValues,
  zoneAggregatedValuesInto,
  zoneRanks,
  type CountMatrix,
  type CountMatrixStats,
  type MatrixEntries,
  type ZoneParts,
} from './zones.js';
import { featureComputes } from './evaluate.js';
import { labelBoxZones, zoneLinks } from './zoneLinks.js';

export interface GlszmParams {
  /** IBSI aggregation methods to compute. Default ['3D']; 2D and 2.5D add one in-plane labelling pass. */
  readonly aggregations: readonly ZoneAggregation[];
  /** Largest single matrix in bytes (N_g x distinct zone sizes x 8); over it, MatrixTooLarge. Default 512 MiB. */
  readonly maxMatrixBytes: number;
  /** Working memory reused from call to call (feature maps pass one per slab of kernels); absent: one per call. Never changes a value. */
  readonly scratch?: MatrixScratch;
}

export const GLSZM_DEFAULTS: GlszmParams = { aggregations: ['3D'], maxMatrixBytes: 512 * 2 ** 20 };

/** One entry per zone: grey level rank and size; in 2D grouped by slice. */
export function glszmEntries(levels: Int32Array, shape: Vec3, threeD: boolean, present: PresentLevels, scratch: MatrixScratch = new MatrixScratch()): MatrixEntries {
  const zones = labelZones(levels, shape, threeD, scratch);
  return { count: zones.count, rank: zoneRanks(zones.level, zones.count, present.rankOf, scratch), value: zones.size, sliceStart: zones.sliceStart };
}

/**
 * The GLSZM of the box: the 3D matrix, or in 2D the sum of the slice matrices (the 2.5D matrix). With
 * `zSlice`, the 2D matrix of that slice alone (voxels of other slices count as outside the ROI).
 */
export function buildGlszm(levels: Int32Array, shape: Vec3, threeD: boolean, present: PresentLevels, zSlice?: number, maxMatrixBytes = GLSZM_DEFAULTS.maxMatrixBytes): CountMatrix {
  const box = boxOrSlice(shape, zSlice);
  const lv = levels.subarray(box.from, box.to);
  return countMatrixOf(glszmEntries(lv, box.shape, threeD, present), present, roiVoxelCount(lv), 'glszm', maxMatrixBytes);
}

const EMPTY = 'the ROI is empty: no zone';

export const GLSZM_FEATURES = countMatrixFeatures(
  { count: 's', columns: 'N_z' },
  {
    smallZoneEmphasis: {
      formula: 'lowJEmphasis',
      name: 'Small zone emphasis',
      ibsi: '5QRC',
      note: 'The manual omits this code in the feature heading; 5QRC is the code of the IBSI reference table.',
    },
    largeZoneEmphasis: { formula: 'highJEmphasis', name: 'Large zone emphasis', ibsi: '48P8' },
    lowGreyLevelZoneEmphasis: { formula: 'lowGreyLevelEmphasis', name: 'Low grey level zone emphasis', ibsi: 'XMSY' },
    highGreyLevelZoneEmphasis: { formula: 'highGreyLevelEmphasis', name: 'High grey level zone emphasis', ibsi: '5GN9' },
    smallZoneLowGreyLevelEmphasis: { formula: 'lowJLowGreyLevelEmphasis', name: 'Small zone low grey level emphasis', ibsi: '5RAI' },
    smallZoneHighGreyLevelEmphasis: { formula: 'lowJHighGreyLevelEmphasis', name: 'Small zone high grey level emphasis', ibsi: 'HW1V' },
    largeZoneLowGreyLevelEmphasis: { formula: 'highJLowGreyLevelEmphasis', name: 'Large zone low grey level emphasis', ibsi: 'YH51' },
    largeZoneHighGreyLevelEmphasis: { formula: 'highJHighGreyLevelEmphasis', name: 'Large zone high grey level emphasis', ibsi: 'J17V' },
    greyLevelNonUniformity: { formula: 'greyLevelNonUniformity', name: 'Grey level non-uniformity', ibsi: 'JNSA' },
    normalisedGreyLevelNonUniformity: { formula: 'normalisedGreyLevelNonUniformity', name: 'Normalised grey level non-uniformity', ibsi: 'Y1RO' },
    zoneSizeNonUniformity: { formula: 'jNonUniformity', name: 'Zone size non-uniformity', ibsi: '4JP3' },
    normalisedZoneSizeNonUniformity: { formula: 'normalisedJNonUniformity', name: 'Normalised zone size non-uniformity', ibsi: 'VB3A' },
    zonePercentage: {
      formula: 'percentage',
      name: 'Zone percentage',
      ibsi: 'P30P',
      note: 'For 2.5D, N_v is summed over the merged slice matrices (the ROI voxel count), as the manual prescribes.',
    },
    greyLevelVariance: { formula: 'greyLevelVariance', name: 'Grey level variance', ibsi: 'BYLV' },
    zoneSizeVariance: { formula: 'jVariance', name: 'Zone size variance', ibsi: '3NSA' },
    zoneSizeEntropy: { formula: 'jEntropy', name: 'Zone size entropy', ibsi: 'GU8N' },
  },
) satisfies FeatureTable<CountMatrixStats>;

function computeGlszm(input: FamilyInput, params: GlszmParams): FamilyOutput {
  const warnings: Warning[] = [];
  const values = glszmParts(input, params).flatMap((agg) => zoneAggregatedValues('glszm', GLSZM_FEATURES, agg, undefined, warnings, EMPTY));
  return { values, warnings };
}

/** The compute functions of GLSZM_FEATURES in table order (featureComputes), for glszmValuesInto. */
const GLSZM_COMPUTES = featureComputes(GLSZM_FEATURES);

/**
 * computeGlszm's values alone (feature maps, per kernel: no value objects, no warnings): to out[0 ..] in
 * the order of computeGlszm's values, NaN where those are null, the same bits otherwise. Returns their number.
 * The 3D method alone (feature maps' usual case) without countMatrixParts (countMatrix3DValuesInto).
 */
export function glszmValuesInto(input: FamilyInput, params: GlszmParams, out: Float64Array): number {
  if (only3D(params.aggregations)) {
    const { levels, boxShape } = input;
    const scratch = params.scratch ?? new MatrixScratch();
    const present = input.present ?? presentLevels(levels, scratch);
    const entries = glszmEntries(levels, boxShape, true, present, scratch);
    return countMatrix3DValuesInto(GLSZM_COMPUTES, entries, present, roiVoxelCount(levels), 'glszm', params.maxMatrixBytes, scratch, out, 0);
  }
  let at = 0;
  for (const agg of glszmParts(input, params)) at = zoneAggregatedValuesInto(GLSZM_COMPUTES, agg, out, at);
  return at;
}

/**
 * glszmValuesInto for the boxes (kernels) of one grid of grey levels (feature maps): `levels` over `shape`,
 * whose box at `offset` in the image grid holds it; each kernel's FamilyInput must be a box of it (its
 * boxOffset in the image grid, its levels the grid's there). Each voxel's same-level backward neighbours
 * are found once for the grid (zoneLinks); a kernel's zones are labelled from those bits within its box
 * (labelBoxZones): the same zones, ids and sizes as labelZones, so the same values, bit for bit. Null
 * unless the 3D method alone is asked for (only3D): glszmValuesInto then.
 */
export function regionGlszmValuesInto(levels: Int32Array, shape: Vec3, offset: Vec3, params: GlszmParams): ((input: FamilyInput, params: GlszmParams, out: Float64Array) => number) | null {
  if (!only3D(params.aggregations)) return null;
  const links = zoneLinks(levels, shape, offset);
  return (input, p, out) => {
    const { levels: boxLevels, boxShape } = input;
    const scratch = p.scratch ?? new MatrixScratch();
    const present = input.present ?? presentLevels(boxLevels, scratch);
    const zones = labelBoxZones(links, input.boxOffset, boxLevels, boxShape, scratch);
    const entries: MatrixEntries = { count: zones.count, rank: zoneRanks(zones.level, zones.count, present.rankOf, scratch), value: zones.size, sliceStart: null };
    return countMatrix3DValuesInto(GLSZM_COMPUTES, entries, present, roiVoxelCount(boxLevels), 'glszm', p.maxMatrixBytes, scratch, out, 0);
  };
}

/** The statistics of the matrices of each aggregation method (countMatrixParts). */
function glszmParts(input: FamilyInput, params: GlszmParams): ZoneParts<CountMatrixStats>[] {
  const { levels, boxShape } = input;
  const scratch = params.scratch ?? new MatrixScratch();
  const present = input.present ?? presentLevels(levels, scratch);
  return countMatrixParts(params.aggregations, (threeD) => glszmEntries(levels, boxShape, threeD, present, scratch), present, sliceVoxelCounts(levels, boxShape, scratch), 'glszm', params.maxMatrixBytes, scratch);
}

export const glszmFamily: FamilyDefinition<CountMatrixStats, GlszmParams> = {
  name: 'glszm',
  title: 'Grey level size zone based features',
  ibsi: '9SAK',
  features: GLSZM_FEATURES,
  compute: computeGlszm,
};
