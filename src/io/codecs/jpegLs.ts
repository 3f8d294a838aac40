/**
 * JPEG-LS lossless and near-lossless (1.2.840.10008.1.2.4.80, .81) by CharLS, as packaged for Cornerstone
 * (@cornerstonejs/codec-charls, its decode-only build compiled to JavaScript: no .wasm file to locate, so
 * the same module runs in Node and in browsers).
 */
import { decodeWith, factoryOf, quietModule, type EmscriptenDecoder } from './emscripten.js';
import type { FrameDecoder } from './types.js';

interface CharlsModule {
  readonly JpegLSDecoder: new () => EmscriptenDecoder;
}

export async function loadJpegLs(): Promise<FrameDecoder> {
  const charls = await factoryOf<CharlsModule>(await import('@cornerstonejs/codec-charls/decode'))(quietModule());
  return { decode: (codestream, spec) => decodeWith(new charls.JpegLSDecoder(), 'CharLS (JPEG-LS)', codestream, spec) };
}
