/**
 * What the generated DICOM fixtures (fixtures/dicom/, written by scripts/make-dicom-fixtures.ts) hold,
 * shared with the tests so that they check the reader against the definition, not against its own output.
 *
 * Every image series samples one world function, value(p) = 2 x + 3 y + 5 z (LPS, mm), at its voxel
 * centres. A reader that orients a series correctly gives voxels whose value equals value(world of the
 * voxel) to within half a stored step, whatever the orientation; any flip or swap of axes breaks that.
 */
import type { Vec3 } from '../src/image/volume.js';

export function phantomValue(p: Vec3): number {
  return 2 * p[0] + 3 * p[1] + 5 * p[2];
}

export interface SeriesSpec {
  readonly name: string;
  readonly seriesUid: string;
  readonly frameOfReferenceUid: string;
  /** Row direction (increasing column index) and column direction (increasing row index), LPS. */
  readonly row: Vec3;
  readonly column: Vec3;
  readonly origin: Vec3;
  readonly columns: number;
  readonly rows: number;
  readonly slices: number;
  /** DICOM Pixel Spacing: [between rows, between columns]. */
  readonly pixelSpacing: readonly [number, number];
  readonly sliceStep: number;
  readonly slope: number;
  readonly intercept: number;
}

const UID_ROOT = '1.2.826.0.1.3680043.10.1559.7';
export const STUDY_UID = `${UID_ROOT}.1`;
export const FRAME_UID = `${UID_ROOT}.2`;

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** Rotation of v about unit axis u by angle t (Rodrigues). */
function rotate(v: Vec3, u: Vec3, t: number): Vec3 {
  const c = Math.cos(t);
  const s = Math.sin(t);
  const d = u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
  const x = cross(u, v);
  return [0, 1, 2].map((k) => v[k] * c + x[k] * s + u[k] * d * (1 - c)) as unknown as Vec3;
}

const AXIS: Vec3 = [1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)];

const base = (name: string, n: number, row: Vec3, column: Vec3): SeriesSpec => ({
  name,
  seriesUid: `${UID_ROOT}.3.${n}`,
  frameOfReferenceUid: FRAME_UID,
  row,
  column,
  origin: [-20.5, 13.25, 40],
  columns: 6,
  rows: 5,
  slices: 4,
  pixelSpacing: [1.5, 1.0],
  sliceStep: 2.5,
  slope: 0.5,
  intercept: -1000,
});

export const SERIES = {
  axial: base('axial', 1, [1, 0, 0], [0, 1, 0]),
  sagittal: base('sagittal', 2, [0, 1, 0], [0, 0, -1]),
  coronal: base('coronal', 3, [1, 0, 0], [0, 0, -1]),
  oblique: base('oblique', 4, rotate([1, 0, 0], AXIS, 0.5), rotate([0, 1, 0], AXIS, 0.5)),
  missing: { ...base('axial-missing-slice', 5, [1, 0, 0], [0, 1, 0]), slices: 5 },
  bigEndian: base('big-endian', 6, [1, 0, 0], [0, 1, 0]),
  deflate: base('deflate', 7, [1, 0, 0], [0, 1, 0]),
  enhanced: base('enhanced-mr', 8, [0, 1, 0], [0, 0, -1]),
  rle: base('rle', 9, [1, 0, 0], [0, 1, 0]),
} as const satisfies Record<string, SeriesSpec>;

/** Slice normal of a series (row x column), the direction in which its slices are stacked. */
export function normalOf(s: SeriesSpec): Vec3 {
  return cross(s.row, s.column);
}

/** World (LPS) centre of voxel (i = column, j = row, k = slice) of a series. */
export function worldOf(s: SeriesSpec, i: number, j: number, k: number): Vec3 {
  const n = normalOf(s);
  const a = i * s.pixelSpacing[1];
  const b = j * s.pixelSpacing[0];
  const c = k * s.sliceStep;
  return [0, 1, 2].map((d) => s.origin[d] + s.row[d] * a + s.column[d] * b + n[d] * c) as unknown as Vec3;
}

/** The slice removed from the 'missing' series (0-based position index). */
export const MISSING_SLICE = 2;

/**
 * Enhanced multi-frame MR: per-frame rescale (frame k has slope ENHANCED_SLOPES[k]), frames stored in
 * the order ENHANCED_FRAME_ORDER of their positions (so frame order is not position order).
 */
export const ENHANCED_SLOPES = [0.5, 0.25, 1, 0.5] as const;
export const ENHANCED_FRAME_ORDER = [2, 0, 3, 1] as const;

export const MR_ACQUISITION = {
  manufacturer: 'RadiomicsFixtures',
  model: 'Synthetic 3T',
  magneticFieldStrength: 3,
  sequenceName: '*tfl3d1',
  repetitionTime: 2300,
  echoTime: 2.98,
  inversionTime: 900,
  flipAngle: 9,
  sliceThickness: 2.5,
} as const;

export const CT_ACQUISITION = { manufacturer: 'RadiomicsFixtures', model: 'Synthetic CT', convolutionKernel: 'B30f', kvp: 120, sliceThickness: 2.5 } as const;

/**
 * RTSTRUCT ROIs, drawn in continuous index space of the series (x = column, y = row) and written as LPS
 * points: "ring" is an outer rectangle with a rectangular hole (two contours, even-odd rule) on slices
 * 1 and 2; "box" a rectangle on slice 3. Corners sit between voxel centres, so the inside is unambiguous.
 */
export const ROIS = {
  ring: { number: 1, contours: [1, 2].flatMap((k) => [{ k, x: [0.6, 4.4], y: [0.6, 3.4] }, { k, x: [1.6, 2.4], y: [1.6, 2.4] }]) },
  box: { number: 2, contours: [{ k: 3, x: [2.5, 5.7], y: [-3, 1.5] }] },
} as const;

/** Expected ROI mask: voxel (i, j, k) is inside an odd number of the ROI's rectangles. */
export function roiContains(roi: keyof typeof ROIS, i: number, j: number, k: number): boolean {
  let inside = false;
  for (const c of ROIS[roi].contours) if (c.k === k && i > c.x[0] && i < c.x[1] && j > c.y[0] && j < c.y[1]) inside = !inside;
  return inside;
}

/** SEG segments on the axial series: 1 "tumour" (a box), 2 "necrosis" (a diagonal band). */
export const SEGMENTS = {
  1: { label: 'tumour', contains: (i: number, j: number, k: number) => i >= 1 && i <= 4 && j >= 1 && j <= 3 && k >= 1 && k <= 2 },
  2: { label: 'necrosis', contains: (i: number, j: number, k: number) => (i + j + k) % 3 === 0 },
} as const;

/** Fractional SEG (one segment, "perfusion"): fraction of voxel (i, j, k), stored as round(f * 200) / 200. */
export const FRACTIONAL_MAX = 200;
export function fraction(i: number, j: number, k: number): number {
  return Math.round(((i * 7 + j * 3 + k * 5) % 11) / 10 * FRACTIONAL_MAX) / FRACTIONAL_MAX;
}
