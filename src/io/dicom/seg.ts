/**
 * DICOM-SEG (Segmentation IOD, PS3.3 A.51, C.8.20) -> mask on the grid of the referenced image series.
 * Each frame holds one segment (Segment Identification, per frame) on one plane (Plane Position, per
 * frame; orientation and pixel spacing usually shared). A frame is placed on the reference grid by
 * mapping its position to voxel indices, which must be whole numbers: frames may cover part of a slice
 * (cropped) but never lie between voxels. BINARY frames are 1 bit per pixel, packed LSB first and
 * continuous across frames; FRACTIONAL frames are 8-bit values scaled by Maximum Fractional Value, and
 * a voxel is in the mask when its fraction is >= `fractionalThreshold` (default 0.5).
 */
import { RadiomicsError } from '../../errors.js';
import { createVolume, type Mask, type Volume } from '../../image/volume.js';
import { checkFrameCount, dot, framePlane, sub, frameMacro } from './frames.js';
import { TAGS, checkTransferSyntax, items, parseDicomFile, text, ushort, type DicomFile } from './parse.js';
import { checkPixelData, pixelBytes, pixelFormat } from './pixels.js';

export interface SegSegment {
  readonly number: number;
  readonly label: string;
  /** Number of frames that carry this segment. */
  readonly frames: number;
}

export interface SegOptions {
  /** Segment to read: its Segment Number, or its Segment Label (exact, else case-insensitive). */
  readonly segment: number | string;
  /** Fractional SEG: fraction at or above which a voxel is in the mask. Default 0.5. */
  readonly fractionalThreshold?: number;
  readonly file?: string;
}

const SEG = {
  segmentationType: 'x00620001',
  segmentSequence: 'x00620002',
  segmentNumber: 'x00620004',
  segmentLabel: 'x00620005',
  segmentIdentification: 'x0062000a',
  referencedSegmentNumber: 'x0062000b',
  maximumFractionalValue: 'x0062000e',
} as const;

/** The segments of a DICOM-SEG, in file order. */
export function listSegments(bytes: Uint8Array, file = 'SEG'): SegSegment[] {
  const f = parseSeg(bytes, file);
  const frameSegments = segmentOfFrames(f);
  return segments(f).map((s) => ({ ...s, frames: frameSegments.filter((n) => n === s.number).length }));
}

/**
 * Reads segment `options.segment` of a DICOM-SEG onto the grid of `reference` (the series it segments):
 * a Uint8 mask with 1 inside, label 1. Errors: 'UnknownSegment' (listing the segments),
 * 'FrameOfReferenceMismatch', 'GeometryMismatch' when a frame does not lie on the reference grid.
 */
export function readSegMaskFromBytes(bytes: Uint8Array, reference: Volume, options: SegOptions): Mask<Uint8Array> {
  const file = options.file ?? 'SEG';
  const f = parseSeg(bytes, file);
  checkTransferSyntax(f);
  const all = segments(f);
  const wanted = options.segment;
  const seg =
    typeof wanted === 'number'
      ? all.find((s) => s.number === wanted)
      : (all.find((s) => s.label === wanted) ?? all.find((s) => s.label.toLowerCase() === wanted.toLowerCase()));
  if (seg === undefined) {
    throw new RadiomicsError('UnknownSegment', `${file}: no segment ${JSON.stringify(wanted)}; segments: ${all.map((s) => `${s.number} "${s.label}"`).join(', ') || '(none)'}`, { file, segment: wanted });
  }
  const segFrame = text(f.dataSet, TAGS.frameOfReferenceUid);
  const imageFrame = reference.acquisition?.frameOfReferenceUid ?? null;
  if (segFrame !== null && imageFrame !== null && segFrame !== imageFrame) {
    throw new RadiomicsError('FrameOfReferenceMismatch', `${file}: segmentation is in frame of reference ${segFrame}, the image series is in ${imageFrame}`, { file, segFrame, imageFrame });
  }
  const type = text(f.dataSet, SEG.segmentationType) ?? 'BINARY';
  const fmt = pixelFormat(f);
  const expectedBits = type === 'FRACTIONAL' ? 8 : 1;
  if (fmt.bitsAllocated !== expectedBits) {
    throw new RadiomicsError('CorruptFile', `${file}: ${type} segmentation with ${fmt.bitsAllocated} bits allocated (expected ${expectedBits})`, { file });
  }
  // Number of Frames, the per-frame functional groups, the pixel data and the referenced segments must
  // agree before any frame is placed: a frame read with another frame's position is wrong data, silently.
  checkFrameCount(f, fmt.frames);
  checkPixelData(f, fmt);
  const frameSegments = segmentOfFrames(f);
  checkFrameSegments(frameSegments, all, file);
  const bytesAll = pixelBytes(f, fmt);
  const maxFraction = ushort(f.dataSet, SEG.maximumFractionalValue) ?? 255;
  const threshold = options.fractionalThreshold ?? 0.5;
  const [nx, ny, nz] = reference.shape;
  const data = new Uint8Array(nx * ny * nz);
  const n = fmt.rows * fmt.columns;
  const d = reference.direction;
  const axes = [0, 1, 2].map((k) => [d[k], d[3 + k], d[6 + k]] as const);
  for (let frame = 0; frame < fmt.frames; frame++) {
    if (frameSegments[frame] !== seg.number) continue;
    const plane = framePlane(f, frame);
    const where = `${file} frame ${frame + 1}`;
    // The frame's rows and columns must run along the reference's x and y axes, with its spacing.
    const sameAxes = [0, 1, 2].every((c) => Math.abs(plane.row[c] - axes[0][c]) < 1e-4 && Math.abs(plane.column[c] - axes[1][c]) < 1e-4);
    const sameSpacing = Math.abs(plane.pixelSpacing[1] - reference.spacing[0]) < 1e-4 * reference.spacing[0] && Math.abs(plane.pixelSpacing[0] - reference.spacing[1]) < 1e-4 * reference.spacing[1];
    const rel = sub(plane.position, reference.origin);
    const index = [0, 1, 2].map((k) => dot(rel, axes[k] as unknown as [number, number, number]) / reference.spacing[k]);
    const whole = index.map(Math.round);
    if (!sameAxes || !sameSpacing || index.some((v, k) => Math.abs(v - whole[k]) > 1e-2)) {
      throw new RadiomicsError('GeometryMismatch', `${where}: plane (position [${plane.position.join(', ')}], orientation [${[...plane.row, ...plane.column].join(', ')}], spacing ${plane.pixelSpacing.join(' x ')}) does not lie on the image grid`, { file });
    }
    const [i0, j0, k] = whole;
    if (k < 0 || k >= nz) continue;
    for (let r = 0; r < fmt.rows; r++) {
      const j = j0 + r;
      if (j < 0 || j >= ny) continue;
      for (let c = 0; c < fmt.columns; c++) {
        const i = i0 + c;
        if (i < 0 || i >= nx) continue;
        const p = frame * n + r * fmt.columns + c;
        const inside = expectedBits === 1 ? (bytesAll[p >> 3] >> (p & 7)) & 1 : bytesAll[p] / maxFraction >= threshold ? 1 : 0;
        if (inside) data[(k * ny + j) * nx + i] = 1;
      }
    }
  }
  return { volume: createVolume({ data, shape: reference.shape, spacing: reference.spacing, origin: reference.origin, direction: reference.direction }), label: 1 };
}

function parseSeg(bytes: Uint8Array, file: string): DicomFile {
  const f = parseDicomFile(bytes, file);
  const modality = text(f.dataSet, TAGS.modality);
  if (modality !== 'SEG' && f.dataSet.elements[SEG.segmentSequence] === undefined) {
    throw new RadiomicsError('UnsupportedFormat', `${file}: not a DICOM-SEG (modality ${modality ?? 'none'})`, { file, modality });
  }
  return f;
}

function segments(f: DicomFile): { number: number; label: string }[] {
  return items(f.dataSet, SEG.segmentSequence).map((d) => {
    const number = ushort(d, SEG.segmentNumber) ?? Number.NaN;
    return { number, label: text(d, SEG.segmentLabel) ?? `segment ${number}` };
  });
}

/**
 * Segment numbers must be unique, and every frame must reference one of them (Segment Identification
 * Sequence, PS3.3 C.8.20.3): else 'CorruptFile' naming the first frame that disagrees.
 */
function checkFrameSegments(frameSegments: readonly number[], all: readonly { number: number }[], file: string): void {
  const numbers = new Set<number>();
  for (const s of all) {
    if (!Number.isInteger(s.number)) throw new RadiomicsError('CorruptFile', `${file}: a segment of the Segment Sequence (0062,0002) has no Segment Number`, { file });
    if (numbers.has(s.number)) throw new RadiomicsError('CorruptFile', `${file}: Segment Number ${s.number} appears twice in the Segment Sequence (0062,0002)`, { file, segment: s.number });
    numbers.add(s.number);
  }
  const bad = frameSegments.findIndex((n) => !numbers.has(n));
  if (bad !== -1) {
    const n = frameSegments[bad];
    throw new RadiomicsError(
      'CorruptFile',
      `${file}: frame ${bad + 1} references segment ${Number.isNaN(n) ? '(none)' : n}, which the Segment Sequence (0062,0002) does not define (segments: ${[...numbers].join(', ') || 'none'})`,
      { file, frame: bad + 1, segment: Number.isNaN(n) ? null : n },
    );
  }
}

/** Referenced Segment Number of each frame. */
function segmentOfFrames(f: DicomFile): number[] {
  const frames = f.dataSet.elements[TAGS.perFrameFunctionalGroups]?.items?.length ?? 0;
  return Array.from({ length: frames }, (_, frame) => {
    const id = frameMacro(f.dataSet, frame, SEG.segmentIdentification);
    return id === null ? Number.NaN : (ushort(id, SEG.referencedSegmentNumber) ?? Number.NaN);
  });
}
