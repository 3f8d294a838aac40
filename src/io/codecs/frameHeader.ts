/**
 * The image size a codestream declares in its own header, read before any codec runs, so that a frame
 * whose codestream disagrees with the DICOM header (Rows, Columns, one sample per pixel) is refused
 * without decoding: a codec sizes its output from its header, and a corrupt or hostile one made CharLS
 * allocate tens of MB and run for seconds per frame (found by the fuzz suite).
 * - JPEG (ITU T.81 B.2.2) and JPEG-LS (ITU T.87 C.2.2): the first start-of-frame marker segment
 *   (SOF0-SOF15 but DHT C4, JPG C8 and DAC CC; JPEG-LS SOF55 F7) after SOI: Lf(2) P(1) Y(2) X(2) Nf(1).
 *   Y = 0 (height given later by a DNL marker, T.81 B.2.5) is unknown, left to the decoder's own check.
 * - JPEG 2000 and HTJ2K (ITU T.800 A.5.1): SIZ (FF51) right after SOC (FF4F): Lsiz(2) Rsiz(2) Xsiz(4)
 *   Ysiz(4) XOsiz(4) YOsiz(4) XTsiz(4) YTsiz(4) XTOsiz(4) YTOsiz(4) Csiz(2); width Xsiz - XOsiz,
 *   height Ysiz - YOsiz.
 */
import { RadiomicsError } from '../../errors.js';
import { checkJ2kCodestream } from './j2kCodestream.js';
import { checkJpegLsCodestream } from './jpegLsCodestream.js';
import type { CodecFamily, FrameSpec } from './types.js';

export interface CodestreamHeader {
  readonly width: number;
  /** 0 when a JPEG frame header leaves the height to a DNL marker. */
  readonly height: number;
  readonly components: number;
  /** JPEG and JPEG-LS: the sample precision P of the frame header (decides the JPEG decoder, see codecFamilyOf). */
  readonly precision?: number;
}

/** The declared size of a codestream of `family`, or null when no frame header is found. */
export function codestreamHeader(family: CodecFamily, b: Uint8Array): CodestreamHeader | null {
  return family === 'jpeg2000' || family === 'htj2k' ? j2kHeader(b) : jpegHeader(b);
}

function jpegHeader(b: Uint8Array): CodestreamHeader | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++; // fill byte (T.81 B.1.1.2)
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // TEM, RSTn: no length
      continue;
    }
    const length = (b[i + 2] << 8) | b[i + 3];
    if (length < 2) return null;
    const isSof = (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xf7;
    if (isSof) {
      if (i + 10 > b.length || length < 8) return null;
      return { height: (b[i + 5] << 8) | b[i + 6], width: (b[i + 7] << 8) | b[i + 8], components: b[i + 9], precision: b[i + 4] };
    }
    if (marker === 0xda || marker === 0xd9) return null; // scan or end before any frame header
    i += 2 + length;
  }
  return null;
}

function j2kHeader(b: Uint8Array): CodestreamHeader | null {
  if (b.length < 42 || b[0] !== 0xff || b[1] !== 0x4f || b[2] !== 0xff || b[3] !== 0x51) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const width = dv.getUint32(8) - dv.getUint32(16);
  const height = dv.getUint32(12) - dv.getUint32(20);
  return { width, height, components: dv.getUint16(40) };
}

/**
 * Throws 'CorruptFile' naming the frame unless the codestream declares Columns x Rows and one component (returning the header),
 * and, for JPEG-LS and JPEG 2000 / HTJ2K, unless its structure holds (jpegLsCodestream.ts,
 * j2kCodestream.ts): what keeps a corrupt codestream from making a codec spin or allocate.
 */
export function checkCodestreamHeader(family: CodecFamily, codestream: Uint8Array, spec: FrameSpec, name: string): CodestreamHeader {
  const h = codestreamHeader(family, codestream);
  if (h === null) throw new RadiomicsError('CorruptFile', `${spec.where}: ${name} codestream without a readable frame header`, { file: spec.where });
  if (h.width !== spec.columns || (h.height !== 0 && h.height !== spec.rows) || h.components !== 1) {
    throw new RadiomicsError(
      'CorruptFile',
      `${spec.where}: the ${name} codestream declares ${h.width} x ${h.height === 0 ? '(height in DNL)' : h.height} with ${h.components} component(s); the DICOM header says ${spec.columns} x ${spec.rows} with 1`,
      { file: spec.where, codestream: h, rows: spec.rows, columns: spec.columns },
    );
  }
  if (family === 'jpeg-ls') checkJpegLsCodestream(codestream, spec);
  else if (family === 'jpeg2000' || family === 'htj2k') checkJ2kCodestream(codestream, spec, name);
  return h;
}
