/**
 * Grey level size zone based features (IBSI 1 manual, "Grey level size zone based features", 9SAK):
 * 16 features of the GLSZM under the zone aggregations 2D, 2.5D and 3D (see zones.ts).
 * A zone is a maximal set of linked ROI voxels with one grey level: 26-connected in 3D, 8-connected
 * within a slice in 2D. s_ij counts the zones of grey level i (the level value) and size j.
 * N_v is the number of ROI voxels behind the matrix (summed over slices for 2.5D).
 *
 * Cost: one flood fill per pass over the box (O(26 N_v)); the matrix is N_g x (distinct zone sizes)
 * Float64 cells.
 */
import type { Vec3 } from '../image/volume.js';
import { presentLevels, type PresentLevels } from './levels.js';
import type { FamilyDefinition, FamilyInput, FamilyOutput, FeatureTable, Warning, ZoneAggregation } from './types.js';
import {
  boxOrSlice,
  countMatrixOf,
  countMatrixParts,
  labelZones,
  voxelsPerSlice,
  zoneAggregatedValues,
  type CountMatrix,
  type CountMatrixStats,
  type MatrixEntries,
} from './zones.js';

export interface GlszmParams {
  /** IBSI aggregation methods to compute. Default ['3D']; 2D and 2.5D add one in-plane labelling pass. */
  readonly aggregations: readonly ZoneAggregation[];
  /** Largest single matrix in bytes (N_g x distinct zone sizes x 8); over it, MatrixTooLarge. Default 512 MiB. */
  readonly maxMatrixBytes: number;
}

export const GLSZM_DEFAULTS: GlszmParams = { aggregations: ['3D'], maxMatrixBytes: 512 * 2 ** 20 };

/** One entry per zone: grey level rank and size; in 2D grouped by slice. */
export function glszmEntries(levels: Int32Array, shape: Vec3, threeD: boolean, present: PresentLevels): MatrixEntries {
  const zones = labelZones(levels, shape, threeD);
  const rank = new Int32Array(zones.count);
  for (let id = 0; id < zones.count; id++) rank[id] = present.rankOf[zones.level[id]];
  return { count: zones.count, rank, value: zones.size.subarray(0, zones.count), sliceStart: zones.sliceStart };
}

/**
 * The GLSZM of the box: the 3D matrix, or in 2D the sum of the slice matrices (the 2.5D matrix). With
 * `zSlice`, the 2D matrix of that slice alone (voxels of other slices count as outside the ROI).
 */
export function buildGlszm(levels: Int32Array, shape: Vec3, threeD: boolean, present: PresentLevels, zSlice?: number, maxMatrixBytes = GLSZM_DEFAULTS.maxMatrixBytes): CountMatrix {
  const box = boxOrSlice(shape, zSlice);
  const lv = levels.subarray(box.from, box.to);
  let voxels = 0;
  for (let k = 0; k < lv.length; k++) if (lv[k] > 0) voxels++;
  return countMatrixOf(glszmEntries(lv, box.shape, threeD, present), present, voxels, 'glszm', maxMatrixBytes);
}

const EMPTY = 'the ROI is empty: no zone';

export const GLSZM_FEATURES = {
  smallZoneEmphasis: {
    name: 'Small zone emphasis',
    ibsi: '5QRC',
    formula: String.raw`\frac{1}{N_s} \sum_{j=1}^{N_z} \frac{s_{.j}}{j^2}`,
    note: 'The manual omits this code in the feature heading; 5QRC is the code of the IBSI reference table.',
    compute: (s) => s.invJ2 / s.total,
  },
  largeZoneEmphasis: { name: 'Large zone emphasis', ibsi: '48P8', formula: String.raw`\frac{1}{N_s} \sum_{j=1}^{N_z} j^2 s_{.j}`, compute: (s) => s.j2 / s.total },
  lowGreyLevelZoneEmphasis: { name: 'Low grey level zone emphasis', ibsi: 'XMSY', formula: String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} \frac{s_{i.}}{i^2}`, compute: (s) => s.invI2 / s.total },
  highGreyLevelZoneEmphasis: { name: 'High grey level zone emphasis', ibsi: '5GN9', formula: String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} i^2 s_{i.}`, compute: (s) => s.i2 / s.total },
  smallZoneLowGreyLevelEmphasis: {
    name: 'Small zone low grey level emphasis',
    ibsi: '5RAI',
    formula: String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} \sum_{j=1}^{N_z} \frac{s_{ij}}{i^2 j^2}`,
    compute: (s) => s.invI2InvJ2 / s.total,
  },
  smallZoneHighGreyLevelEmphasis: {
    name: 'Small zone high grey level emphasis',
    ibsi: 'HW1V',
    formula: String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} \sum_{j=1}^{N_z} \frac{i^2 s_{ij}}{j^2}`,
    compute: (s) => s.i2InvJ2 / s.total,
  },
  largeZoneLowGreyLevelEmphasis: {
    name: 'Large zone low grey level emphasis',
    ibsi: 'YH51',
    formula: String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} \sum_{j=1}^{N_z} \frac{j^2 s_{ij}}{i^2}`,
    compute: (s) => s.j2InvI2 / s.total,
  },
  largeZoneHighGreyLevelEmphasis: {
    name: 'Large zone high grey level emphasis',
    ibsi: 'J17V',
    formula: String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} \sum_{j=1}^{N_z} i^2 j^2 s_{ij}`,
    compute: (s) => s.i2J2 / s.total,
  },
  greyLevelNonUniformity: { name: 'Grey level non-uniformity', ibsi: 'JNSA', formula: String.raw`\frac{1}{N_s} \sum_{i=1}^{N_g} s_{i.}^2`, compute: (s) => s.rowSquares / s.total },
  normalisedGreyLevelNonUniformity: {
    name: 'Normalised grey level non-uniformity',
    ibsi: 'Y1RO',
    formula: String.raw`\frac{1}{N_s^2} \sum_{i=1}^{N_g} s_{i.}^2`,
    compute: (s) => s.rowSquares / (s.total * s.total),
  },
  zoneSizeNonUniformity: { name: 'Zone size non-uniformity', ibsi: '4JP3', formula: String.raw`\frac{1}{N_s} \sum_{j=1}^{N_z} s_{.j}^2`, compute: (s) => s.colSquares / s.total },
  normalisedZoneSizeNonUniformity: {
    name: 'Normalised zone size non-uniformity',
    ibsi: 'VB3A',
    formula: String.raw`\frac{1}{N_s^2} \sum_{j=1}^{N_z} s_{.j}^2`,
    compute: (s) => s.colSquares / (s.total * s.total),
  },
  zonePercentage: {
    name: 'Zone percentage',
    ibsi: 'P30P',
    formula: String.raw`\frac{N_s}{N_v}`,
    note: 'For 2.5D, N_v is summed over the merged slice matrices (the ROI voxel count), as the manual prescribes.',
    compute: (s) => s.total / s.voxels,
  },
  greyLevelVariance: {
    name: 'Grey level variance',
    ibsi: 'BYLV',
    formula: String.raw`\sum_{i=1}^{N_g} \sum_{j=1}^{N_z} (i-\mu)^2 p_{ij},\quad \mu = \sum_{i=1}^{N_g} \sum_{j=1}^{N_z} i\, p_{ij},\quad p_{ij} = s_{ij}/N_s`,
    compute: (s) => s.iVariance,
  },
  zoneSizeVariance: {
    name: 'Zone size variance',
    ibsi: '3NSA',
    formula: String.raw`\sum_{i=1}^{N_g} \sum_{j=1}^{N_z} (j-\mu)^2 p_{ij},\quad \mu = \sum_{i=1}^{N_g} \sum_{j=1}^{N_z} j\, p_{ij}`,
    compute: (s) => s.jVariance,
  },
  zoneSizeEntropy: { name: 'Zone size entropy', ibsi: 'GU8N', formula: String.raw`-\sum_{i=1}^{N_g} \sum_{j=1}^{N_z} p_{ij} \log_2 p_{ij}`, compute: (s) => s.entropy },
} as const satisfies FeatureTable<CountMatrixStats>;

function computeGlszm(input: FamilyInput, params: GlszmParams): FamilyOutput {
  const { levels, boxShape } = input;
  const present = presentLevels(levels);
  const warnings: Warning[] = [];
  const parts = countMatrixParts(params.aggregations, (threeD) => glszmEntries(levels, boxShape, threeD, present), present, voxelsPerSlice(levels, boxShape), 'glszm', params.maxMatrixBytes);
  const values = parts.flatMap((agg) => zoneAggregatedValues('glszm', GLSZM_FEATURES, agg, undefined, warnings, EMPTY));
  return { values, warnings };
}

export const glszmFamily: FamilyDefinition<CountMatrixStats, GlszmParams> = {
  name: 'glszm',
  title: 'Grey level size zone based features',
  ibsi: '9SAK',
  features: GLSZM_FEATURES,
  compute: computeGlszm,
};
