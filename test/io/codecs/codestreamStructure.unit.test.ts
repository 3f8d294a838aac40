/**
 * The structural checks run before a codec (src/io/codecs/jpegLsCodestream.ts, j2kCodestream.ts): every
 * fixture codestream passes; each kind of damage they exist for is CorruptFile naming the frame and
 * what is wrong. The damaged JPEG-LS codestreams are those that made CharLS spin for 12-32 s (fuzz
 * suite); their time is measured by `npm run fuzz`, not here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { isRadiomicsError } from '../../../src/errors.js';
import { checkJ2kCodestream, MAX_LAYERS } from '../../../src/io/codecs/j2kCodestream.js';
import { checkJpegLsCodestream } from '../../../src/io/codecs/jpegLsCodestream.js';
import { encapsulatedFrames } from '../../../src/io/dicom/encapsulated.js';
import { parseDicomFile, ushort } from '../../../src/io/dicom/parse.js';

const ROOT = fileURLToPath(new URL('../../../fixtures/dicom-compressed/', import.meta.url));
const spec = { rows: 5, columns: 6, bitsAllocated: 16, bitsStored: 16, signed: false, where: 'x.dcm frame 1' };

/** The codestreams of every frame of a fixture file. */
function codestreams(path: string): Uint8Array[] {
  const f = parseDicomFile(new Uint8Array(readFileSync(ROOT + path)), path);
  const frames = Number(f.dataSet.string('x00280008') ?? '1');
  expect(ushort(f.dataSet, 'x00280010')).toBe(5);
  return encapsulatedFrames(f, frames).map((c) => c.slice());
}

function thrown(run: () => void): Error {
  try {
    run();
  } catch (e) {
    expect(isRadiomicsError(e, 'CorruptFile')).toBe(true);
    expect((e as Error).message).toMatch(/^x\.dcm frame 1: /);
    return e as Error;
  }
  throw new Error('no error thrown');
}

/** Position of the first occurrence of `bytes`. */
function find(b: Uint8Array, bytes: readonly number[]): number {
  for (let i = 0; i + bytes.length <= b.length; i++) if (bytes.every((v, k) => b[i + k] === v)) return i;
  throw new Error('not found');
}

const splice = (b: Uint8Array, at: number, remove: number, insert: readonly number[] = []) => Uint8Array.from([...b.subarray(0, at), ...insert, ...b.subarray(at + remove)]);

describe('checkJpegLsCodestream', () => {
  const lossless = () => codestreams('jpeg-ls-lossless/slice-2.dcm')[0];
  test.each(['jpeg-ls-lossless/slice-1.dcm', 'jpeg-ls-lossless/slice-2.dcm', 'jpeg-ls-near-lossless/slice-1.dcm', 'multiframe/enhanced-jpegls-bot.dcm', 'multiframe/enhanced-jpegls-eot.dcm', 'multiframe/enhanced-jpegls-split-bot.dcm'])(
    'the fixture %s passes, every frame',
    (path) => {
      for (const c of codestreams(path)) expect(() => checkJpegLsCodestream(c, spec)).not.toThrow();
    },
  );

  test('bytes after EOI (padding) are not read', () => {
    expect(() => checkJpegLsCodestream(Uint8Array.from([...lossless(), 0, 0xff, 0x12]), spec)).not.toThrow();
  });

  const eoi = (b: Uint8Array) => b.length - 2;
  test.each<[string, (b: Uint8Array) => Uint8Array, RegExp]>([
    ['cut inside the entropy-coded data (CharLS: 32 s)', (b) => b.slice(0, b.length - 10), /entropy-coded data runs to the end of the codestream without an end-of-image marker/],
    ['EOI overwritten with 80 80 (the fuzz cases)', (b) => splice(b, eoi(b), 2, [0x80, 0x80]), /without an end-of-image marker/],
    ['EOI cut', (b) => b.slice(0, eoi(b)), /without an end-of-image marker/],
    ['a DRI after the scan claiming 57344 bytes', (b) => splice(b, eoi(b), 2, [0xff, 0xdd, 0xe0, 0x00, 0, 0]), /marker FFDD declares 57344 bytes, past the end/],
    ['a second frame header', (b) => splice(b, 2, 0, [...b.subarray(2, 15)]), /second frame header/],
    ['17 bits a sample', (b) => splice(b, 6, 1, [17]), /17 bits a sample/],
    ['a scan of another component', (b) => splice(b, find(b, [0xff, 0xda]) + 5, 1, [9]), /scan of component 9, the frame's is 1/],
    ['a restart marker without DRI', (b) => splice(b, find(b, [0xff, 0xda]) + 12, 0, [0xff, 0xd0]), /restart marker FFD0 without a restart interval/],
    ['no scan', (b) => Uint8Array.from([...b.subarray(0, find(b, [0xff, 0xda])), 0xff, 0xd9]), /ends before any scan/],
    ['a JPEG (T.81) marker', (b) => splice(b, 2, 0, [0xff, 0xc4, 0, 2]), /marker FFC4, which JPEG-LS does not define/],
  ])('%s: CorruptFile', (_name, damage, message) => {
    expect(thrown(() => checkJpegLsCodestream(damage(lossless()), spec)).message).toMatch(message);
  });

  test('restart markers in order and within the frame pass; out of order or too many do not', () => {
    const b = lossless();
    const sos = find(b, [0xff, 0xda]);
    // DRI Ri = 2 lines: 5 lines make 3 intervals, so RST0 and RST1 may follow. (Structure only: CharLS is not run.)
    const withDri = splice(b, sos, 0, [0xff, 0xdd, 0, 4, 0, 2]);
    const data = sos + 6 + 10;
    expect(() => checkJpegLsCodestream(splice(splice(withDri, data + 8, 0, [0xff, 0xd1]), data + 4, 0, [0xff, 0xd0]), spec)).not.toThrow();
    expect(thrown(() => checkJpegLsCodestream(splice(withDri, data + 4, 0, [0xff, 0xd3]), spec)).message).toMatch(/restart marker FFD3 where RST0 is due/);
    const three = splice(splice(splice(withDri, data + 12, 0, [0xff, 0xd2]), data + 8, 0, [0xff, 0xd1]), data + 4, 0, [0xff, 0xd0]);
    expect(thrown(() => checkJpegLsCodestream(three, spec)).message).toMatch(/has 4 restart intervals; 5 lines in intervals of 2 make 3/);
  });
});

describe('checkJ2kCodestream', () => {
  const j2k = () => codestreams('jpeg2000-lossless/slice-1.dcm')[0];
  const check = (b: Uint8Array, s = spec) => checkJ2kCodestream(b, s, 'JPEG 2000');
  test.each(['jpeg2000-lossless/slice-1.dcm', 'jpeg2000-lossy/slice-2.dcm', 'htj2k-lossless/slice-1.dcm', 'htj2k-lossless-rpcl/slice-2.dcm', 'htj2k-lossy/slice-1.dcm', 'multiframe/enhanced-j2k.dcm'])(
    'the fixture %s passes, every frame',
    (path) => {
      for (const c of codestreams(path)) expect(() => check(c)).not.toThrow();
    },
  );

  const cod = (b: Uint8Array) => find(b, [0xff, 0x52]);
  const set32 = (b: Uint8Array, at: number, v: number) => {
    new DataView(b.buffer, b.byteOffset).setUint32(at, v);
    return b;
  };
  test.each<[string, (b: Uint8Array) => Uint8Array, RegExp]>([
    ['1 x 1 tiles (OpenJPEG: 26 kB of state a tile; 16,384 tiles of a 256 x 256 frame took 431 MB)', (b) => set32(set32(b, 24, 1), 28, 1), /declares 6 x 5 tiles; a 6 x 5 frame may have 1/],
    ['a tile grid that misses the image', (b) => set32(b, 32, 7), /tile grid .* does not start on the image/],
    ['17-bit samples', (b) => splice(b, 42, 1, [16]), /17-bit samples/],
    ['a subsampled component', (b) => splice(b, 43, 1, [2]), /subsamples the component by 2 x 1/],
    ['65535 quality layers', (b) => splice(b, cod(b) + 6, 2, [0xff, 0xff]), new RegExp(`65535 quality layers \\(1 to ${MAX_LAYERS}\\)`)],
    ['progression order 7', (b) => splice(b, cod(b) + 5, 1, [7]), /progression order 7/],
    ['33 decomposition levels', (b) => splice(b, cod(b) + 9, 1, [33]), /33 decomposition levels/],
    ['code-blocks of 1024 x 1024', (b) => splice(b, cod(b) + 10, 2, [8, 8]), /code-blocks of 2\^10 x 2\^10/],
    ['precincts flagged in COD without their bytes', (b) => splice(b, cod(b) + 4, 1, [1]), /COD of length 12; its flags and 1 decomposition levels make 14/],
    // COD with precincts: Lcod 14, Scod 1, then one byte per resolution (r0 2^5 x 2^5, r1 2^0 x 2^0).
    ['precincts of 2^0 x 2^0 at resolution 1', (b) => splice(splice(b, cod(b) + 2, 3, [0, 14, 1]), cod(b) + 14, 0, [0x55, 0x00]), /precincts of 2\^0 x 2\^0 at resolution 1/],
    ['QCD for 5 decomposition levels under a COD of 1', (b) => splice(b, cod(b) + 9, 1, [5]), /QCD of length 7; style 0 with 5 decomposition levels makes 19/],
    ['no COD', (b) => splice(b, cod(b), 14), /main header without COD and QCD/],
    ['cut inside the tile data', (b) => b.slice(0, b.length - 6), /tile-part of \d+ bytes; \d+ are left \(truncated\)/],
    ['a tile-part of tile 3', (b) => splice(b, find(b, [0xff, 0x90]) + 4, 2, [0, 3]), /tile-part of tile 3; SIZ declares 1 tile/],
    ['no tile-part', (b) => Uint8Array.from([...b.subarray(0, find(b, [0xff, 0x90])), 0xff, 0xd9]), /ends before any tile-part/],
    ['a main-header segment past the end', (b) => splice(b, cod(b) + 2, 2, [0xff, 0xf0]), /declares 65520 bytes, past the end/],
  ])('%s: CorruptFile', (_name, damage, message) => {
    expect(thrown(() => check(damage(j2k()))).message).toMatch(message);
  });

  test('precinct sizes given in COD (2^0 at resolution 0, 2^1 above) pass', () => {
    const b = j2k();
    expect(() => check(splice(splice(b, cod(b) + 2, 3, [0, 14, 1]), cod(b) + 14, 0, [0x00, 0x11]))).not.toThrow();
  });

  test('tiles: one per 4096 pixels of the frame is allowed', () => {
    const b = j2k();
    // Declared 6 x 5 but checked against a 128 x 64 frame: 8192 pixels allow 2 tiles; 1 x 5 tiles make 6 (only tile 0 present).
    const wide = { ...spec, rows: 64, columns: 128 };
    expect(thrown(() => check(set32(b.slice(), 24, 1), wide)).message).toMatch(/declares 6 x 1 tiles; a 128 x 64 frame may have 2/);
    expect(thrown(() => check(set32(b.slice(), 24, 3), wide)).message).toMatch(/has no tile-part for tile 1 of 2/);
  });
});
