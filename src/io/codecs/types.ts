/**
 * The shape of a codec: a compressed frame (one codestream) in, the stored sample values of that frame out.
 * A decoder knows nothing of DICOM; the caller (src/io/dicom/encapsulated.ts) splits the fragments into
 * frames and checks the result against Rows x Columns.
 */

/** What the decoder must produce, from the DICOM image pixel module. */
export interface FrameSpec {
  readonly rows: number;
  readonly columns: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly signed: boolean;
  /** File and frame, for messages: "a.dcm frame 2". */
  readonly where: string;
}

/** Decoded samples of one frame, row-major (column index fastest), one sample per pixel. */
export type FrameSamples = Uint8Array | Int8Array | Uint16Array | Int16Array;

/** A loaded codec: decodes one codestream synchronously (its module, e.g. WebAssembly, is initialised). */
export interface FrameDecoder {
  readonly decode: (codestream: Uint8Array, spec: FrameSpec) => FrameSamples;
}

/** The codec families, one file each in src/io/codecs/. */
export type CodecFamily = 'jpeg-baseline' | 'jpeg-extended' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg2000' | 'htj2k';

/** The image size a codec reported, for the size check before any copy. */
export interface DecodedInfo {
  readonly width: number;
  readonly height: number;
  readonly bitsPerSample: number;
  readonly components: number;
}
