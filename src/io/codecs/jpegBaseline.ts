/**
 * JPEG Baseline 8-bit (1.2.840.10008.1.2.4.50) and JPEG Extended (.51) with 8-bit samples by
 * libjpeg-turbo, as packaged for Cornerstone (@cornerstonejs/codec-libjpeg-turbo-8bit, decode-only build
 * compiled to JavaScript). That package is built for 8-bit samples only: decodeFrame sends frames of
 * other precisions (12-bit JPEG Extended, Process 4) to our decoder (jpegExtended.ts, codecFamilyOf in
 * syntaxes.ts); one that reaches this decoder anyway is refused with 'UnsupportedTransferSyntax'.
 */
import { RadiomicsError } from '../../errors.js';
import { decodeWith, factoryOf, quietModule, type EmscriptenDecoder } from './emscripten.js';
import type { FrameDecoder } from './types.js';

interface LibJpegTurboModule {
  readonly JPEGDecoder: new () => EmscriptenDecoder;
}

export async function loadJpegBaseline(): Promise<FrameDecoder> {
  const turbo = await factoryOf<LibJpegTurboModule>(await import('@cornerstonejs/codec-libjpeg-turbo-8bit/decode'))(quietModule());
  return {
    decode(codestream, spec) {
      const precision = framePrecision(codestream);
      if (precision !== null && precision !== 8) {
        throw new RadiomicsError('UnsupportedTransferSyntax', `${spec.where}: ${precision}-bit JPEG (Extended, Process 4) cannot be decoded by this build; 8-bit JPEG Baseline and Extended are read`, { file: spec.where, precision });
      }
      return decodeWith(new turbo.JPEGDecoder(), 'libjpeg-turbo (JPEG)', codestream, spec);
    },
  };
}

/** Sample precision P of the first start-of-frame marker (SOF0..SOF3, ITU-T T.81 B.2.2), or null if none is found. */
function framePrecision(jpeg: Uint8Array): number | null {
  let p = 2;
  while (p + 4 < jpeg.length) {
    if (jpeg[p] !== 0xff) return null;
    const marker = jpeg[p + 1];
    if (marker >= 0xc0 && marker <= 0xc3) return jpeg[p + 4];
    p += 2 + ((jpeg[p + 2] << 8) | jpeg[p + 3]);
  }
  return null;
}
