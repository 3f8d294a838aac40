/**
 * RTSTRUCT (RT Structure Set, PS3.3 A.19) -> mask on the grid of the referenced image series.
 *
 * Rasterisation: each CLOSED_PLANAR contour is a polygon in one slice plane. Its points (LPS, mm) are
 * taken to continuous voxel index space by the inverse of world = origin + D diag(spacing) index, which
 * makes any orientation (axial, sagittal, coronal, oblique) the same problem: the polygon lies on the
 * plane z = k. A voxel of slice k is inside when its centre (i, j) is inside an odd number of that slice's
 * contours of the ROI (even-odd rule: inner contours cut holes, as RTSTRUCT encodes them; keyhole
 * contours work too). Scanline fill per voxel row j: edges crossing y = j (half-open rule on y) give
 * x-crossings; centres with x in [x_2m, x_2m+1) are inside (a centre exactly on a left edge is in, on a
 * right edge out, so two polygons sharing an edge never both claim a voxel).
 * A contour must lie on a slice plane (within a quarter slice), else 'GeometryMismatch'. Only
 * CLOSED_PLANAR contours are filled (POINT and OPEN_PLANAR enclose nothing).
 */
import { RadiomicsError } from '../../errors.js';
import { createVolume, type Mask, type Volume } from '../../image/volume.js';
import { TAGS, decimals, items, parseDicomFile, text, type DataSet, type DicomFile } from './parse.js';

export interface RtstructRoi {
  readonly number: number;
  readonly name: string;
  /** Frame of reference the ROI's contours are drawn in. */
  readonly frameOfReferenceUid: string | null;
  /** Number of contours (all geometric types). */
  readonly contours: number;
}

export interface RtstructOptions {
  /** ROI to rasterise: its name (ROI Name, exact; else case-insensitive) or its ROI Number. */
  readonly roi: string | number;
  /** Name of the RTSTRUCT, for messages. */
  readonly file?: string;
}

const RT = {
  referencedFrameOfReference: 'x30060010',
  structureSetRoi: 'x30060020',
  roiNumber: 'x30060022',
  referencedFrameOfReferenceUid: 'x30060024',
  roiName: 'x30060026',
  roiContour: 'x30060039',
  contourSequence: 'x30060040',
  geometricType: 'x30060042',
  contourData: 'x30060050',
  referencedRoiNumber: 'x30060084',
} as const;

/** The ROIs of a structure set, in file order. */
export function listRtstructRois(bytes: Uint8Array, file = 'RTSTRUCT'): RtstructRoi[] {
  return rois(parseRtstruct(bytes, file));
}

/**
 * Rasterises ROI `options.roi` of an RTSTRUCT onto the grid of `reference` (the image series it was drawn
 * on): a Uint8 mask volume with 1 inside, label 1. Errors: 'UnknownRoi' (listing the names),
 * 'FrameOfReferenceMismatch' when the ROI refers to another frame of reference than the series.
 */
export function rasteriseRtstruct(bytes: Uint8Array, reference: Volume, options: RtstructOptions): Mask<Uint8Array> {
  const file = options.file ?? 'RTSTRUCT';
  const f = parseRtstruct(bytes, file);
  const all = rois(f);
  const wanted = options.roi;
  const roi =
    typeof wanted === 'number'
      ? all.find((r) => r.number === wanted)
      : (all.find((r) => r.name === wanted) ?? all.find((r) => r.name.toLowerCase() === wanted.toLowerCase()));
  if (roi === undefined) {
    throw new RadiomicsError('UnknownRoi', `${file}: no ROI ${JSON.stringify(wanted)}; ROIs: ${all.map((r) => `${r.number} "${r.name}"`).join(', ') || '(none)'}`, { file, roi: wanted, rois: all.map((r) => r.name) });
  }
  const imageFrame = reference.acquisition?.frameOfReferenceUid ?? null;
  if (roi.frameOfReferenceUid !== null && imageFrame !== null && roi.frameOfReferenceUid !== imageFrame) {
    throw new RadiomicsError('FrameOfReferenceMismatch', `${file}: ROI "${roi.name}" is drawn in frame of reference ${roi.frameOfReferenceUid}, the image series is in ${imageFrame}`, { file, roi: roi.name, roiFrame: roi.frameOfReferenceUid, imageFrame });
  }
  const polygons = contoursOf(f.dataSet, roi.number)
    .filter((c) => c.type === 'CLOSED_PLANAR' && c.points.length >= 9)
    .map((c, n) => toIndexSpace(c.points, reference, file, roi.name, n));
  if (polygons.length === 0) {
    throw new RadiomicsError('UnknownRoi', `${file}: ROI "${roi.name}" has no closed planar contour`, { file, roi: roi.name });
  }
  const data = fillPolygons(polygons, reference.shape);
  return { volume: createVolume({ data, shape: reference.shape, spacing: reference.spacing, origin: reference.origin, direction: reference.direction }), label: 1 };
}

function parseRtstruct(bytes: Uint8Array, file: string): DicomFile {
  const f = parseDicomFile(bytes, file);
  const modality = text(f.dataSet, TAGS.modality);
  if (modality !== 'RTSTRUCT' && f.dataSet.elements[RT.structureSetRoi] === undefined) {
    throw new RadiomicsError('UnsupportedFormat', `${file}: not an RTSTRUCT (modality ${modality ?? 'none'})`, { file, modality });
  }
  return f;
}

function rois(f: DicomFile): RtstructRoi[] {
  const ds = f.dataSet;
  const setFrame = items(ds, RT.referencedFrameOfReference).map((d) => text(d, TAGS.frameOfReferenceUid)).find((u) => u !== null) ?? null;
  return items(ds, RT.structureSetRoi).map((d) => {
    const number = Number(text(d, RT.roiNumber));
    return {
      number,
      name: text(d, RT.roiName) ?? `ROI ${number}`,
      frameOfReferenceUid: text(d, RT.referencedFrameOfReferenceUid) ?? setFrame,
      contours: contoursOf(ds, number).length,
    };
  });
}

function contoursOf(ds: DataSet, roiNumber: number): { type: string; points: number[] }[] {
  const rc = items(ds, RT.roiContour).find((d) => Number(text(d, RT.referencedRoiNumber)) === roiNumber);
  if (rc === undefined) return [];
  return items(rc, RT.contourSequence).map((c) => ({ type: text(c, RT.geometricType) ?? 'CLOSED_PLANAR', points: decimals(c, RT.contourData) }));
}

/** A polygon in continuous index space on slice k: xs, ys are index coordinates of its vertices. */
interface Polygon {
  readonly k: number;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
}

/** Maps LPS points to index space (inverse of the volume's affine) and checks they lie on one slice. */
function toIndexSpace(points: readonly number[], g: Volume, file: string, roi: string, n: number): Polygon {
  const inv = inverseAffine(g);
  const count = Math.floor(points.length / 3);
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  let zMin = Infinity;
  let zMax = -Infinity;
  for (let p = 0; p < count; p++) {
    const wx = points[3 * p] - g.origin[0];
    const wy = points[3 * p + 1] - g.origin[1];
    const wz = points[3 * p + 2] - g.origin[2];
    if (!Number.isFinite(wx + wy + wz)) throw new RadiomicsError('CorruptFile', `${file}: ROI "${roi}" contour ${n + 1} has a non-numeric coordinate`, { file, roi });
    xs[p] = inv[0] * wx + inv[1] * wy + inv[2] * wz;
    ys[p] = inv[3] * wx + inv[4] * wy + inv[5] * wz;
    const z = inv[6] * wx + inv[7] * wy + inv[8] * wz;
    zMin = Math.min(zMin, z);
    zMax = Math.max(zMax, z);
  }
  // Contours must lie in an image slice plane (to 1/10 of a slice); reformatted contours would need a 3D fill.
  if (zMax - zMin > 0.1) {
    throw new RadiomicsError('UnsupportedFormat', `${file}: ROI "${roi}" contour ${n + 1} is not in a slice plane of the image (spans ${(zMax - zMin).toFixed(2)} slices); only contours drawn on the image slices are rasterised`, { file, roi });
  }
  // A contour between two slices was drawn on another series (other slice positions): rasterising it on
  // the nearest slice would silently move it, so it is an error.
  const z = (zMin + zMax) / 2;
  if (Math.abs(z - Math.round(z)) > 0.25) {
    throw new RadiomicsError('GeometryMismatch', `${file}: ROI "${roi}" contour ${n + 1} lies between image slices (at slice index ${z.toFixed(2)}); was it drawn on another series?`, { file, roi });
  }
  return { k: Math.round(z), xs, ys };
}

/** Row-major inverse of D diag(spacing): index = inv * (world - origin). */
function inverseAffine(g: Volume): number[] {
  const d = g.direction;
  const s = g.spacing;
  const m = [d[0] * s[0], d[1] * s[1], d[2] * s[2], d[3] * s[0], d[4] * s[1], d[5] * s[2], d[6] * s[0], d[7] * s[1], d[8] * s[2]];
  const c00 = m[4] * m[8] - m[5] * m[7];
  const c01 = m[5] * m[6] - m[3] * m[8];
  const c02 = m[3] * m[7] - m[4] * m[6];
  const det = m[0] * c00 + m[1] * c01 + m[2] * c02;
  return [
    c00 / det, (m[2] * m[7] - m[1] * m[8]) / det, (m[1] * m[5] - m[2] * m[4]) / det,
    c01 / det, (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
    c02 / det, (m[1] * m[6] - m[0] * m[7]) / det, (m[0] * m[4] - m[1] * m[3]) / det,
  ];
}

/** Even-odd scanline fill of all polygons, slice by slice, sampling at voxel centres. */
function fillPolygons(polygons: readonly Polygon[], shape: readonly [number, number, number]): Uint8Array {
  const [nx, ny, nz] = shape;
  const out = new Uint8Array(nx * ny * nz);
  const bySlice = new Map<number, Polygon[]>();
  for (const p of polygons) {
    if (p.k < 0 || p.k >= nz) continue; // contour outside the image: nothing to fill
    bySlice.set(p.k, [...(bySlice.get(p.k) ?? []), p]);
  }
  const crossings: number[] = [];
  for (const [k, list] of bySlice) {
    let yMin = Infinity;
    let yMax = -Infinity;
    for (const p of list) for (const y of p.ys) (yMin = Math.min(yMin, y)), (yMax = Math.max(yMax, y));
    const j0 = Math.max(0, Math.ceil(yMin));
    const j1 = Math.min(ny - 1, Math.floor(yMax));
    for (let j = j0; j <= j1; j++) {
      crossings.length = 0;
      for (const p of list) {
        const n = p.xs.length;
        for (let a = 0, b = n - 1; a < n; b = a++) {
          const ya = p.ys[a];
          const yb = p.ys[b];
          // Half-open rule: an edge counts when exactly one end is at or below y = j.
          if (ya <= j !== yb <= j) crossings.push(p.xs[a] + ((j - ya) * (p.xs[b] - p.xs[a])) / (yb - ya));
        }
      }
      crossings.sort((u, v) => u - v);
      const row = (k * ny + j) * nx;
      for (let c = 0; c + 1 < crossings.length; c += 2) {
        const i0 = Math.max(0, Math.ceil(crossings[c]));
        const i1 = Math.min(nx - 1, Math.ceil(crossings[c + 1]) - 1);
        for (let i = i0; i <= i1; i++) out[row + i] = 1;
      }
    }
  }
  return out;
}
