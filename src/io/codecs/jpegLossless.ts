/**
 * JPEG Lossless, Process 14 (1.2.840.10008.1.2.4.57, any predictor; .70, predictor 1) by
 * jpeg-lossless-decoder-js (pure JavaScript; the decoder Cornerstone's DICOM image loader uses for these
 * syntaxes). It returns the samples as unsigned words of the sample precision (2 to 16 bits); the
 * caller's Bits Stored sign extension turns them into signed values where Pixel Representation says so.
 */
import { copySamples, corrupt, describe } from './emscripten.js';
import type { FrameDecoder } from './types.js';

export async function loadJpegLossless(): Promise<FrameDecoder> {
  const { Decoder } = await import('jpeg-lossless-decoder-js');
  return {
    decode(codestream, spec) {
      const decoder = new Decoder();
      const bytesPerSample = spec.bitsAllocated <= 8 ? 1 : 2;
      let out: Uint8Array | Uint16Array;
      try {
        out = decoder.decode(codestream.buffer, codestream.byteOffset, codestream.length, bytesPerSample);
      } catch (cause) {
        throw corrupt(spec, `JPEG Lossless decoder cannot decode the codestream (${describe(cause)}); it is corrupt or truncated`, cause);
      }
      if (out === undefined || out === null) throw corrupt(spec, 'JPEG Lossless decoder returned no samples; the codestream is corrupt or truncated');
      const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
      return copySamples(bytes, { width: decoder.xDim, height: decoder.yDim, bitsPerSample: 8 * bytesPerSample, components: decoder.numComp }, false, 'JPEG Lossless decoder', spec);
    },
  };
}
