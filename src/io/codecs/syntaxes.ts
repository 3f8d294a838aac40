/**
 * Compressed transfer syntaxes decoded by src/io/codecs/ (PS3.5 section 10 and annex A.4; PS3.6 annex A):
 * UID -> name, codec family and whether the syntax may lose information. `lossy` is the syntax's promise;
 * the data set's own Lossy Image Compression (0028,2110) may say '01' for a lossless syntax too (data that
 * was lossy before it was re-encoded), and the reader reports both.
 */
import type { CodecFamily } from './types.js';

export interface CodecSyntax {
  readonly name: string;
  readonly family: CodecFamily;
  readonly lossy: boolean;
}

export const CODEC_TRANSFER_SYNTAXES: Readonly<Record<string, CodecSyntax>> = {
  '1.2.840.10008.1.2.4.50': { name: 'JPEG Baseline (Process 1)', family: 'jpeg-baseline', lossy: true },
  '1.2.840.10008.1.2.4.51': { name: 'JPEG Extended (Process 2 & 4)', family: 'jpeg-baseline', lossy: true },
  '1.2.840.10008.1.2.4.57': { name: 'JPEG Lossless, Non-Hierarchical (Process 14)', family: 'jpeg-lossless', lossy: false },
  '1.2.840.10008.1.2.4.70': { name: 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, SV1)', family: 'jpeg-lossless', lossy: false },
  '1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless', family: 'jpeg-ls', lossy: false },
  '1.2.840.10008.1.2.4.81': { name: 'JPEG-LS Lossy (Near-Lossless)', family: 'jpeg-ls', lossy: true },
  '1.2.840.10008.1.2.4.90': { name: 'JPEG 2000 Image Compression (Lossless Only)', family: 'jpeg2000', lossy: false },
  '1.2.840.10008.1.2.4.91': { name: 'JPEG 2000 Image Compression', family: 'jpeg2000', lossy: true },
  '1.2.840.10008.1.2.4.201': { name: 'High-Throughput JPEG 2000 (Lossless Only)', family: 'htj2k', lossy: false },
  '1.2.840.10008.1.2.4.202': { name: 'High-Throughput JPEG 2000 with RPCL Options (Lossless Only)', family: 'htj2k', lossy: false },
  '1.2.840.10008.1.2.4.203': { name: 'High-Throughput JPEG 2000', family: 'htj2k', lossy: true },
};

/**
 * The family that decodes one frame of `syntax` whose JPEG frame header declares sample precision
 * `precision`: JPEG Extended frames of 12-bit samples (Process 4) go to our sequential DCT decoder
 * (jpegExtended.ts), as the libjpeg-turbo build decodes 8-bit samples only; every other frame to the
 * syntax's own family.
 */
export function codecFamilyOf(syntax: CodecSyntax, precision: number | undefined): CodecFamily {
  return syntax.family === 'jpeg-baseline' && precision !== undefined && precision !== 8 ? 'jpeg-extended' : syntax.family;
}

/** The codec syntax of a transfer syntax UID, or null when no codec decodes it. */
export function codecSyntax(uid: string): CodecSyntax | null {
  return CODEC_TRANSFER_SYNTAXES[uid] ?? null;
}
