/**
 * The decoder objects of the Cornerstone codec packages (Emscripten builds of CharLS, OpenJPEG, OpenJPH,
 * libjpeg-turbo) share one protocol: getEncodedBuffer(n) gives a view into the module's heap to fill,
 * decode() runs, getFrameInfo() reports the size, getDecodedBuffer() is a view of the samples in the heap,
 * delete() frees the C++ object. Here that protocol once, with the checks: the reported size must be
 * Rows x Columns x one component before a single byte is copied out of the heap, and every exception
 * (C++ exceptions arrive as numbers or strings) becomes a 'CorruptFile' naming the file and frame.
 */
import { RadiomicsError } from '../../errors.js';
import type { FrameSamples, FrameSpec } from './types.js';

export interface EmscriptenFrameInfo {
  readonly width: number;
  readonly height: number;
  readonly bitsPerSample: number;
  readonly componentCount: number;
  readonly isSigned?: boolean;
}

export interface EmscriptenDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): EmscriptenFrameInfo;
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}

/** Runs one decode through the shared protocol; `codec` names the library in messages. */
export function decodeWith(decoder: EmscriptenDecoder, codec: string, codestream: Uint8Array, spec: FrameSpec): FrameSamples {
  try {
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    try {
      decoder.decode();
    } catch (cause) {
      throw corrupt(spec, `${codec} cannot decode the codestream (${describe(cause)}); it is corrupt or truncated`, cause);
    }
    const info = decoder.getFrameInfo();
    const signed = info.isSigned ?? spec.signed;
    return copySamples(decoder.getDecodedBuffer(), { width: info.width, height: info.height, bitsPerSample: info.bitsPerSample, components: info.componentCount }, signed, codec, spec);
  } finally {
    decoder.delete();
  }
}

/**
 * Checks a decoded image against Rows x Columns (one component, 1 or 2 bytes a sample) and copies its
 * samples out of `bytes` (a view that may be a codec's heap) into a typed array of their own.
 */
export function copySamples(bytes: Uint8Array, info: { width: number; height: number; bitsPerSample: number; components: number }, signed: boolean, codec: string, spec: FrameSpec): FrameSamples {
  if (info.width !== spec.columns || info.height !== spec.rows || info.components !== 1) {
    throw corrupt(spec, `${codec} decoded a ${info.width} x ${info.height} image of ${info.components} component(s); the data set says ${spec.columns} x ${spec.rows} grey-scale`);
  }
  const size = info.bitsPerSample <= 8 ? 1 : 2;
  if (info.bitsPerSample < 1 || info.bitsPerSample > 16) throw corrupt(spec, `${codec} decoded ${info.bitsPerSample}-bit samples; 1 to 16 bits are read`);
  const n = spec.rows * spec.columns;
  if (bytes.length !== n * size) throw corrupt(spec, `${codec} decoded ${bytes.length} bytes; ${spec.columns} x ${spec.rows} samples of ${size} byte(s) need ${n * size}`);
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  // The heap is little endian on every WebAssembly host.
  if (size === 1) return signed ? new Int8Array(copy.buffer) : copy;
  return signed ? new Int16Array(copy.buffer) : new Uint16Array(copy.buffer);
}

export function corrupt(spec: FrameSpec, message: string, cause?: unknown): RadiomicsError {
  return new RadiomicsError('CorruptFile', `${spec.where}: ${message}`, { file: spec.where }, cause === undefined ? undefined : { cause });
}

export function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  if (typeof cause === 'number') return `native exception ${cause}`;
  return String(cause);
}

/** An Emscripten module factory as the codec packages export it (CommonJS default export). */
export type EmscriptenFactory<M> = (options?: Record<string, unknown>) => Promise<M>;

/**
 * Module options for a codec: its diagnostics (OpenJPEG prints [INFO] lines) are not ours to print. A new
 * object per module: Emscripten makes the options object the module itself and fills it.
 */
export function quietModule(): Record<string, unknown> {
  return { print: () => undefined, printErr: () => undefined };
}

/** The factory from a dynamically imported CommonJS module (default export, or the namespace itself). */
export function factoryOf<M>(mod: unknown): EmscriptenFactory<M> {
  const m = mod as { default?: unknown };
  const f = (typeof m.default === 'function' ? m.default : (m.default as { default?: unknown } | undefined)?.default ?? mod) as unknown;
  if (typeof f !== 'function') throw new TypeError('codec module exports no factory');
  return f as EmscriptenFactory<M>;
}
