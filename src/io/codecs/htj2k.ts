/**
 * High-Throughput JPEG 2000 (1.2.840.10008.1.2.4.201, .202, .203) by OpenJPH, as packaged for Cornerstone
 * (@cornerstonejs/codec-openjph). This package ships WebAssembly only (openjphjs.wasm beside its script):
 * Node finds it beside the package's script; in a browser the module looks for it beside this module
 * (the browser build copies openjphjs.wasm into dist/browser/, next to the chunk that imports it).
 */
import { decodeWith, factoryOf, quietModule, type EmscriptenDecoder } from './emscripten.js';
import type { FrameDecoder } from './types.js';

interface OpenJphModule {
  readonly HTJ2KDecoder: new () => EmscriptenDecoder;
}

/**
 * Emscripten's locateFile: in Node the script directory is a file path (keep it); in a browser it is the
 * page's folder, where the wasm is not, so resolve against this module's URL instead.
 */
function locateFile(path: string, scriptDirectory: string): string {
  return /^(\/|[A-Za-z]:[\\/])/.test(scriptDirectory) ? scriptDirectory + path : new URL(path, import.meta.url).href;
}

export async function loadHtj2k(): Promise<FrameDecoder> {
  const openjph = await factoryOf<OpenJphModule>(await import('@cornerstonejs/codec-openjph'))({ ...quietModule(), locateFile });
  return { decode: (codestream, spec) => decodeWith(new openjph.HTJ2KDecoder(), 'OpenJPH (HTJ2K)', codestream, spec) };
}
