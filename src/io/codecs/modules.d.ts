// The codec packages ship no type declarations; each exports an Emscripten factory (CommonJS) or, for
// jpeg-lossless-decoder-js, a Decoder class. Typed here as far as src/io/codecs/ uses them.
declare module '@cornerstonejs/codec-charls/decode' {
  const factory: (options?: Record<string, unknown>) => Promise<unknown>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/decode' {
  const factory: (options?: Record<string, unknown>) => Promise<unknown>;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decode' {
  const factory: (options?: Record<string, unknown>) => Promise<unknown>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjph' {
  const factory: (options?: Record<string, unknown>) => Promise<unknown>;
  export default factory;
}
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    constructor();
    decode(buffer: ArrayBuffer | ArrayBufferLike, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array;
    xDim: number;
    yDim: number;
    numComp: number;
    precision: number;
  }
}
