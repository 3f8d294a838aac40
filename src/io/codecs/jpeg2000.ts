/**
 * JPEG 2000 lossless and lossy (1.2.840.10008.1.2.4.90, .91) by OpenJPEG, as packaged for Cornerstone
 * (@cornerstonejs/codec-openjpeg, its decode-only build compiled to JavaScript: no .wasm file to locate).
 */
import { decodeWith, factoryOf, quietModule, type EmscriptenDecoder } from './emscripten.js';
import type { FrameDecoder } from './types.js';

interface OpenJpegModule {
  readonly J2KDecoder: new () => EmscriptenDecoder;
}

export async function loadJpeg2000(): Promise<FrameDecoder> {
  const openjpeg = await factoryOf<OpenJpegModule>(await import('@cornerstonejs/codec-openjpeg/decode'))(quietModule());
  return { decode: (codestream, spec) => decodeWith(new openjpeg.J2KDecoder(), 'OpenJPEG (JPEG 2000)', codestream, spec) };
}
