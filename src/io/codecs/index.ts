/**
 * decodeFrame: one compressed frame in, its stored samples out, by the codec of its transfer syntax.
 * Each codec family (one file here) is imported only when a frame of its syntax is first decoded, by a
 * CodecLoader: reading uncompressed DICOM or NIfTI never loads one. A loader is a value the caller makes
 * and passes (no module-level registry): it remembers the codecs it has loaded, so many frames share one
 * initialised module, and `loaded()` tells which families it brought in (what tests assert on).
 */
import { RadiomicsError } from '../../errors.js';
import { checkCodestreamHeader } from './frameHeader.js';
import { codecFamilyOf, codecSyntax } from './syntaxes.js';
import type { CodecFamily, FrameDecoder, FrameSamples, FrameSpec } from './types.js';

export { CODEC_TRANSFER_SYNTAXES, codecSyntax, type CodecSyntax } from './syntaxes.js';
export type { CodecFamily, FrameDecoder, FrameSamples, FrameSpec } from './types.js';

/** Imports and initialises each family's codec; the only place a codec module is named for import. */
const IMPORTERS: Readonly<Record<CodecFamily, () => Promise<FrameDecoder>>> = {
  'jpeg-baseline': () => import('./jpegBaseline.js').then((m) => m.loadJpegBaseline()),
  'jpeg-extended': () => import('./jpegExtended.js').then((m) => m.loadJpegExtended()),
  'jpeg-lossless': () => import('./jpegLossless.js').then((m) => m.loadJpegLossless()),
  'jpeg-ls': () => import('./jpegLs.js').then((m) => m.loadJpegLs()),
  jpeg2000: () => import('./jpeg2000.js').then((m) => m.loadJpeg2000()),
  htj2k: () => import('./htj2k.js').then((m) => m.loadHtj2k()),
};

/** Loads codec families on first use and keeps them for the loader's lifetime. */
export interface CodecLoader {
  /** The decoder of a family, loaded on the first call; a failure to load is 'CodecUnavailable'. */
  readonly load: (family: CodecFamily) => Promise<FrameDecoder>;
  /** The families loaded (or being loaded) so far, in order of first use. */
  readonly loaded: () => readonly CodecFamily[];
}

/**
 * A fresh loader. `importers` replaces how a family is imported (tests use it to simulate a codec that
 * fails to load); by default each family's file in src/io/codecs/ is imported dynamically.
 */
export function createCodecLoader(importers: Partial<Readonly<Record<CodecFamily, () => Promise<FrameDecoder>>>> = {}): CodecLoader {
  const modules = new Map<CodecFamily, Promise<FrameDecoder>>();
  return {
    load(family) {
      let decoder = modules.get(family);
      if (decoder === undefined) {
        const importer = importers[family] ?? IMPORTERS[family];
        decoder = importer().catch((cause: unknown) => {
          throw new RadiomicsError('CodecUnavailable', `the ${family} codec cannot be loaded: ${(cause as Error)?.message ?? String(cause)}`, { codec: family }, { cause });
        });
        modules.set(family, decoder);
      }
      return decoder;
    },
    loaded: () => [...modules.keys()],
  };
}

/**
 * Decodes one frame's codestream of transfer syntax `transferSyntax` into Rows x Columns stored samples.
 * Errors: 'UnsupportedTransferSyntax' (no codec for the syntax), 'CodecUnavailable' (the codec failed to
 * load; names the file and frame), 'CorruptFile' (the codestream's own header declares another size or
 * more than one component, checked before decoding, or it does not decode to the stated size).
 */
export async function decodeFrame(transferSyntax: string, codestream: Uint8Array, spec: FrameSpec, loader: CodecLoader): Promise<FrameSamples> {
  const syntax = codecSyntax(transferSyntax);
  if (syntax === null) {
    throw new RadiomicsError('UnsupportedTransferSyntax', `${spec.where}: no codec for transfer syntax ${transferSyntax}`, { file: spec.where, transferSyntax });
  }
  // Before any codec runs (or loads): the codestream must declare the frame the DICOM header describes.
  const header = checkCodestreamHeader(syntax.family, codestream, spec, syntax.name);
  let decoder: FrameDecoder;
  try {
    decoder = await loader.load(codecFamilyOf(syntax, header.precision));
  } catch (error) {
    if (error instanceof RadiomicsError) throw new RadiomicsError(error.code, `${spec.where}: ${error.message} (${syntax.name})`, { ...error.detail, file: spec.where, transferSyntax }, { cause: error.cause });
    throw error;
  }
  try {
    return decoder.decode(codestream, spec);
  } catch (error) {
    if (error instanceof RadiomicsError) throw error;
    throw new RadiomicsError('CorruptFile', `${spec.where}: ${syntax.name} codestream cannot be decoded: ${(error as Error)?.message ?? String(error)}`, { file: spec.where, transferSyntax }, { cause: error });
  }
}
