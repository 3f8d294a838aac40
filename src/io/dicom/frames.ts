/**
 * The plane geometry of each frame of a DICOM image (PS3.3 C.7.6.2 Image Plane; C.7.6.16 functional
 * groups for enhanced multi-frame): position, orientation, pixel spacing and rescale. A classic file is
 * one frame with its attributes at the top level; an enhanced multi-frame file has them per frame or
 * shared, per-frame values taking precedence.
 */
import { RadiomicsError } from '../../errors.js';
import type { RealWorldValueMapping } from '../../image/acquisition.js';
import type { Vec3 } from '../../image/volume.js';
import { realWorldValueMapping } from './realWorldValues.js';
import { TAGS, decimal, decimals, item, type DataSet, type DicomFile } from './parse.js';

export interface FramePlane {
  /** Image Position (Patient): LPS position of the centre of the first transmitted pixel, mm. */
  readonly position: Vec3;
  /** Image Orientation (Patient): unit vectors of increasing column index (row direction), then row index. */
  readonly row: Vec3;
  readonly column: Vec3;
  /** Pixel Spacing [between rows (along `column`), between columns (along `row`)], mm. */
  readonly pixelSpacing: readonly [number, number];
  /** Stored value -> voxel value: Real World Value Mapping when one applies, else Rescale Slope/Intercept. */
  readonly slope: number;
  readonly intercept: number;
  /** The Real World Value Mapping that gave slope and intercept, or null (Rescale). */
  readonly realWorldValues: RealWorldValueMapping | null;
}

/** The data set of `macro` for frame `frame`: per-frame functional group first, then shared; else top level. */
export function frameMacro(ds: DataSet, frame: number, macro: string): DataSet | null {
  // Indexed directly (not through items()), so reading every frame stays linear in the number of frames.
  const perFrame = ds.elements[TAGS.perFrameFunctionalGroups]?.items?.[frame]?.dataSet;
  const own = perFrame === undefined ? null : item(perFrame, macro);
  if (own !== null) return own;
  const shared = item(ds, TAGS.sharedFunctionalGroups);
  return shared === null ? null : item(shared, macro);
}

export function isEnhanced(ds: DataSet): boolean {
  return ds.elements[TAGS.perFrameFunctionalGroups] !== undefined;
}

/**
 * An enhanced multi-frame file (image or SEG) must describe each frame once: the items of the Per-Frame
 * Functional Groups Sequence must number Number of Frames, else frames would be placed with another
 * frame's geometry. 'CorruptFile' naming both counts.
 */
export function checkFrameCount(f: DicomFile, frames: number): void {
  if (!isEnhanced(f.dataSet)) return;
  const groups = f.dataSet.elements[TAGS.perFrameFunctionalGroups]?.items?.length ?? 0;
  if (groups !== frames) {
    throw new RadiomicsError('CorruptFile', `${f.file}: Number of Frames (0028,0008) is ${frames} but the Per-Frame Functional Groups Sequence (5200,9230) has ${groups} item(s); they must agree`, { file: f.file, frames, perFrameGroups: groups });
  }
}

/** Plane geometry of frame `frame` (0-based) of a file; missing or malformed geometry is 'CorruptFile'. */
export function framePlane(f: DicomFile, frame: number): FramePlane {
  const ds = f.dataSet;
  const enhanced = isEnhanced(ds);
  const at = (macro: string) => (enhanced ? frameMacro(ds, frame, macro) : ds) ?? ds;
  const where = enhanced ? `${f.file} frame ${frame + 1}` : f.file;
  const position = decimals(at(TAGS.planePosition), TAGS.imagePosition);
  const orientation = decimals(at(TAGS.planeOrientation), TAGS.imageOrientation);
  const spacing = decimals(at(TAGS.pixelMeasures), TAGS.pixelSpacing);
  if (position.length !== 3 || !position.every(Number.isFinite)) throw bad(where, 'Image Position (Patient) (0020,0032)', position);
  if (orientation.length !== 6 || !orientation.every(Number.isFinite)) throw bad(where, 'Image Orientation (Patient) (0020,0037)', orientation);
  if (spacing.length !== 2 || !spacing.every((s) => s > 0 && Number.isFinite(s))) throw bad(where, 'Pixel Spacing (0028,0030)', spacing);
  const row = unit([orientation[0], orientation[1], orientation[2]], where);
  const column = unit([orientation[3], orientation[4], orientation[5]], where);
  if (Math.abs(dot(row, column)) > 1e-3) throw bad(where, 'Image Orientation (Patient) (0020,0037) (row and column not orthogonal)', orientation);
  const rescale = enhanced ? frameMacro(ds, frame, TAGS.pixelValueTransformation) ?? ds : ds;
  const realWorldValues = realWorldValueMapping(ds, frame, enhanced, where);
  return {
    position: [position[0], position[1], position[2]],
    row,
    column,
    pixelSpacing: [spacing[0], spacing[1]],
    slope: realWorldValues?.slope ?? decimal(rescale, TAGS.rescaleSlope) ?? 1,
    intercept: realWorldValues?.intercept ?? decimal(rescale, TAGS.rescaleIntercept) ?? 0,
    realWorldValues,
  };
}

function bad(where: string, what: string, value: readonly number[]): RadiomicsError {
  return new RadiomicsError('CorruptFile', `${where}: missing or malformed ${what}: [${value.join(', ')}]`, { file: where });
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

function unit(v: Vec3, where: string): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  if (!(n > 0.5 && n < 1.5)) throw bad(where, 'Image Orientation (Patient) (0020,0037) (not unit vectors)', [...v]);
  return [v[0] / n, v[1] / n, v[2] / n];
}
