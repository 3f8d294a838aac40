/**
 * The asynchronous DICOM series reader: the synchronous reader's checks and stacking (series.ts), with
 * compressed files (JPEG, JPEG-LS, JPEG 2000, HTJ2K) decoded first by their codecs (src/io/codecs/,
 * each loaded on first use by the CodecLoader). Uncompressed and RLE files take the synchronous path's
 * pixel reader, so a series without compressed files loads no codec.
 */
import { createCodecLoader, codecSyntax, type CodecLoader } from '../codecs/index.js';
import type { Volume } from '../../image/volume.js';
import { decodeEncapsulated } from './encapsulated.js';
import { checkTransferSyntax, type DicomFile } from './parse.js';
import { pixelBytes } from './pixels.js';
import { selectSeries, stackSlices, type DicomSeriesOptions } from './series.js';

export interface DicomSeriesAsyncOptions extends DicomSeriesOptions {
  /** The loader that imports codecs on first use. Default: a new loader for this call. */
  readonly codecs?: CodecLoader;
}

/**
 * Reads one image series like readDicomSeriesFromBuffers, and also decodes compressed transfer syntaxes.
 * Extra errors: 'CodecUnavailable' (a codec failed to load), 'CorruptFile' naming the file and frame for
 * a codestream that does not decode, an offset table that does not match the fragments, or a frame count
 * that differs from Number of Frames.
 */
export async function readDicomSeriesFromBuffersAsync(buffers: readonly Uint8Array[], options: DicomSeriesAsyncOptions = {}): Promise<Volume<Float32Array>> {
  const { slices, uid } = selectSeries(buffers, options);
  const loader = options.codecs ?? createCodecLoader();
  const decoded = new Map<DicomFile, Uint8Array>();
  for (const s of slices) {
    if (decoded.has(s.file) || codecSyntax(s.file.transferSyntax) === null) continue;
    decoded.set(s.file, await decodeEncapsulated(s.file, s.format, loader));
  }
  return stackSlices(slices, uid, (file, format) => {
    const bytes = decoded.get(file);
    if (bytes !== undefined) return bytes;
    checkTransferSyntax(file);
    return pixelBytes(file, format);
  });
}
