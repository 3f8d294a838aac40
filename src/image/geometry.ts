/**
 * Geometry checks between two grids (an image and its mask), and a one-line description of a grid.
 */
import { RadiomicsError } from '../errors.js';
import type { Geometry } from './volume.js';

export interface GeometryCheckOptions {
  /**
   * Relative tolerance t. Default 1e-4. Each part of the geometry is compared with its own rule:
   * - shape: exact;
   * - spacing: |a - b| <= t * max(|a|, |b|) per axis (relative);
   * - direction: |a - b| <= t per matrix entry (entries are unit-vector components, so absolute = relative);
   * - origin: |a - b| <= 10 * t * (smallest image spacing) per coordinate, i.e. 1/1000 of a voxel at the
   *   default (1e-3 mm for 1 mm voxels).
   * The default absorbs the float32 rounding of NIfTI headers (~6e-8 relative; ~1e-5 mm at 100 mm) and
   * of DICOM decimal strings, and still catches any real misalignment. ITK's default (1e-6) is stricter.
   */
  readonly tolerance?: number;
  /** Names used in the error message. */
  readonly imageFile?: string;
  readonly maskFile?: string;
}

export const DEFAULT_GEOMETRY_TOLERANCE = 1e-4;

/**
 * Throws RadiomicsError 'GeometryMismatch' unless `mask` lies on the same voxel grid as `image`
 * (same shape; spacing, origin and direction equal within the tolerance documented above).
 * The message names what differs and prints both geometries.
 */
export function checkSameGeometry(image: Geometry, mask: Geometry, options: GeometryCheckOptions = {}): void {
  const t = options.tolerance ?? DEFAULT_GEOMETRY_TOLERANCE;
  if (!(t >= 0) || !Number.isFinite(t)) {
    throw new RadiomicsError('InvalidArgument', `geometry tolerance must be a finite number >= 0, got ${t}`, { tolerance: t });
  }
  const differences: { field: keyof Geometry; text: string }[] = [];
  if (image.shape.some((n, k) => n !== mask.shape[k])) {
    differences.push({ field: 'shape', text: `shape [${image.shape.join(', ')}] vs [${mask.shape.join(', ')}]` });
  }
  const spacing = maxOver(3, (k) => Math.abs(image.spacing[k] - mask.spacing[k]) / Math.max(Math.abs(image.spacing[k]), Math.abs(mask.spacing[k])));
  if (!(spacing <= t)) differences.push({ field: 'spacing', text: `spacing (by ${num(spacing)} relative, allowed ${num(t)})` });
  const originLimit = 10 * t * Math.min(...image.spacing);
  const origin = maxOver(3, (k) => Math.abs(image.origin[k] - mask.origin[k]));
  if (!(origin <= originLimit)) differences.push({ field: 'origin', text: `origin (by ${num(origin)} mm, allowed ${num(originLimit)} mm)` });
  const direction = maxOver(9, (k) => Math.abs(image.direction[k] - mask.direction[k]));
  if (!(direction <= t)) differences.push({ field: 'direction', text: `direction (by ${num(direction)} in an entry, allowed ${num(t)})` });
  if (differences.length === 0) return;

  const imageName = options.imageFile === undefined ? 'image' : `image ${options.imageFile}`;
  const maskName = options.maskFile === undefined ? 'mask' : `mask ${options.maskFile}`;
  throw new RadiomicsError(
    'GeometryMismatch',
    `${maskName} does not lie on the grid of the ${imageName}: differs in ${differences.map((d) => d.text).join('; ')}. ${imageName}: ${formatGeometry(image)}. ${maskName}: ${formatGeometry(mask)}`,
    {
      differs: differences.map((d) => d.field),
      image: plain(image),
      mask: plain(mask),
      imageFile: options.imageFile,
      maskFile: options.maskFile,
      tolerance: t,
    },
  );
}

/**
 * One line: `shape [nx, ny, nz], spacing [..] mm, origin [..] mm (LPS), direction [r0; r1; r2]` (rows of the
 * row-major matrix). Numbers to 8 significant digits, enough to show a difference at the 1e-4 tolerance.
 */
export function formatGeometry(g: Geometry): string {
  const d = g.direction;
  const rows = [0, 3, 6].map((r) => `${num(d[r])}, ${num(d[r + 1])}, ${num(d[r + 2])}`).join('; ');
  return `shape [${g.shape.join(', ')}], spacing [${g.spacing.map(num).join(', ')}] mm, origin [${g.origin.map(num).join(', ')}] mm (LPS), direction [${rows}]`;
}

function num(x: number): string {
  return String(Number(x.toPrecision(8)) + 0);
}

function maxOver(n: number, f: (k: number) => number): number {
  let m = 0;
  for (let k = 0; k < n; k++) {
    const v = f(k);
    if (Number.isNaN(v)) return NaN; // a NaN coordinate always counts as a difference
    if (v > m) m = v;
  }
  return m;
}

function plain(g: Geometry): { shape: number[]; spacing: number[]; origin: number[]; direction: number[] } {
  return { shape: [...g.shape], spacing: [...g.spacing], origin: [...g.origin], direction: [...g.direction] };
}

/** Smallest |det| of a direction matrix (unit columns) taken as invertible: columns at least ~1e-6 rad from coplanar. */
const MIN_DIRECTION_DETERMINANT = 1e-6;

/**
 * Which part of a grid, if any, cannot place voxels in space: 'spacing' (not positive and finite),
 * 'origin' (not finite) or 'direction' (not finite, or singular: |det| below 1e-6). Null when usable.
 * Readers turn the answer into 'CorruptFile' naming their own header field.
 */
export function unusableGeometry(g: Pick<Geometry, 'spacing' | 'origin' | 'direction'>): 'spacing' | 'origin' | 'direction' | null {
  if (!g.spacing.every((s) => s > 0 && Number.isFinite(s))) return 'spacing';
  if (!g.origin.every(Number.isFinite)) return 'origin';
  const d = g.direction;
  if (!d.every(Number.isFinite)) return 'direction';
  const det = d[0] * (d[4] * d[8] - d[5] * d[7]) - d[1] * (d[3] * d[8] - d[5] * d[6]) + d[2] * (d[3] * d[7] - d[4] * d[6]);
  return Math.abs(det) >= MIN_DIRECTION_DETERMINANT ? null : 'direction';
}
