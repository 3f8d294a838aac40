/**
 * Our JPEG sequential DCT decoder (src/io/codecs/jpegExtended.ts) on its own: the samples are T.81's
 * inverse DCT of the coefficients, exactly (codestreams written by test/helpers/jpegSequential.ts with
 * chosen coefficients, expected samples from the double sum); restart intervals change nothing; libjpeg-turbo's
 * codestreams (cjpeg, with and without restart markers) decode within 1 of djpeg's decode; every broken
 * codestream is a CorruptFile naming the frame, checked before the output is allocated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as dicomParserModule from 'dicom-parser';
import { describe, expect, test } from 'vitest';
import { CODESTREAMS, GRADIENT, gradientValue } from '../../../scripts/compressed-fixture-spec.js';
import { decodeJpegSequential } from '../../../src/io/codecs/jpegExtended.js';
import { createCodecLoader, decodeFrame, isRadiomicsError } from '../../../src/index.js';
import { acCode, dcCode, exactBlockSamples, writeSequentialJpeg, type SequentialJpeg } from '../../helpers/jpegSequential.js';

const dicomParser = (dicomParserModule as unknown as { default?: typeof dicomParserModule }).default ?? dicomParserModule;
const DIR = fileURLToPath(new URL('../../../fixtures/dicom-compressed/', import.meta.url));

/** T.81 figure A.6, written out here independently of the decoder's table. */
const ZIGZAG = (() => {
  const order: number[] = [];
  for (let d = 0; d < 15; d++) {
    const cells: number[] = [];
    for (let r = Math.max(0, d - 7); r <= Math.min(7, d); r++) cells.push(r * 8 + (d - r));
    order.push(...(d % 2 === 0 ? cells.reverse() : cells));
  }
  return order;
})();

/** A seeded generator (LCG), so the blocks are the same on every run. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Blocks of coefficients decaying with frequency, so samples mostly stay inside the range. */
function randomBlocks(count: number, precision: 8 | 12, seed: number): number[][] {
  const next = generator(seed);
  const dcSpan = precision === 12 ? 3000 : 180;
  return Array.from({ length: count }, () => Array.from({ length: 64 }, (_, k) => (k === 0 ? Math.round((next() - 0.5) * dcSpan) : next() < 0.5 ? 0 : Math.round(((next() - 0.5) * dcSpan) / (1 + k)))));
}

const spec = (width: number, height: number, bitsAllocated = 16) => ({ rows: height, columns: width, bitsAllocated, bitsStored: bitsAllocated === 8 ? 8 : 12, signed: false, where: 'x.dcm frame 2' });

/** The samples an image of `j` must decode to, block by block from exactBlockSamples, cropped to the frame. */
function expectedImage(j: SequentialJpeg): number[] {
  const perLine = Math.ceil(j.width / 8);
  const out = new Array(j.width * j.height).fill(0);
  j.blocks.forEach((block, b) => {
    const samples = exactBlockSamples(block, j.quant ?? new Array(64).fill(1), j.precision, ZIGZAG);
    const bx = (b % perLine) * 8;
    const by = Math.floor(b / perLine) * 8;
    for (let y = 0; y < 8 && by + y < j.height; y++) for (let x = 0; x < 8 && bx + x < j.width; x++) out[(by + y) * j.width + bx + x] = samples[y * 8 + x];
  });
  return out;
}

function corrupt(bytes: Uint8Array, s = spec(13, 10)): string {
  try {
    decodeJpegSequential(bytes, s);
  } catch (e) {
    expect(isRadiomicsError(e, 'CorruptFile')).toBe(true);
    expect((e as Error).message).toContain('x.dcm frame 2');
    return (e as Error).message;
  }
  throw new Error('expected CorruptFile');
}

describe('decodeJpegSequential gives the exact inverse DCT (T.81 A.3.3)', () => {
  // 13 x 10: 2 x 2 blocks, the right and bottom ones cropped.
  const twelve: SequentialJpeg = { width: 13, height: 10, precision: 12, blocks: randomBlocks(4, 12, 7), quant: Array.from({ length: 64 }, (_, k) => 1 + (k % 5)) };

  test('12-bit (SOF1), 13 x 10, 16-bit quantisation table: every sample equals round(IDCT + 2048)', () => {
    const quant = twelve.quant!.map((q, k) => (k === 3 ? 300 : q)); // a value above 255: Pq = 1
    const j = { ...twelve, quant };
    const out = decodeJpegSequential(writeSequentialJpeg(j), spec(13, 10));
    expect(out).toBeInstanceOf(Uint16Array);
    expect([...out]).toEqual(expectedImage(j));
  });

  test('8-bit (SOF0) into 8-bit words: Uint8Array, every sample equals round(IDCT + 128)', () => {
    const j: SequentialJpeg = { width: 16, height: 9, precision: 8, blocks: randomBlocks(4, 8, 11) };
    const out = decodeJpegSequential(writeSequentialJpeg(j), spec(16, 9, 8));
    expect(out).toBeInstanceOf(Uint8Array);
    expect([...out]).toEqual(expectedImage(j));
  });

  test('samples beyond the precision are clamped to [0, 4095]', () => {
    // DC 16000 x 4 / 8 = 8000 above, -8000 below the level shift of 2048.
    const j: SequentialJpeg = { width: 16, height: 8, precision: 12, blocks: [[16000, ...new Array(63).fill(0)], [-16000, ...new Array(63).fill(0)]], quant: new Array(64).fill(4) };
    const out = decodeJpegSequential(writeSequentialJpeg(j), spec(16, 8));
    expect(out[0]).toBe(4095);
    expect(out[8]).toBe(0);
  });

  test.each([1, 3, 4])('restart interval %i (RST0..RST7 cycling, DC predictor reset) decodes to the same samples', (interval) => {
    const j: SequentialJpeg = { width: 40, height: 20, precision: 12, blocks: randomBlocks(15, 12, 3) };
    const plain = decodeJpegSequential(writeSequentialJpeg(j), spec(40, 20));
    const restarted = writeSequentialJpeg({ ...j, restartInterval: interval });
    expect([...decodeJpegSequential(restarted, spec(40, 20))]).toEqual([...plain]);
    expect([...plain]).toEqual(expectedImage(j));
  });

  test('decodeFrame routes a 12-bit frame of JPEG Baseline or Extended to this decoder (family jpeg-extended)', async () => {
    const loader = createCodecLoader();
    const bytes = writeSequentialJpeg(twelve);
    const out = await decodeFrame('1.2.840.10008.1.2.4.51', bytes, spec(13, 10), loader);
    expect([...out]).toEqual(expectedImage(twelve));
    expect(loader.loaded()).toEqual(['jpeg-extended']);
  });
});

describe("libjpeg-turbo's codestreams (cjpeg; fixtures/dicom-compressed/codestreams)", () => {
  /** The samples of a binary PGM (P5, 8-bit). */
  function pgm(path: string): Uint8Array {
    const bytes = readFileSync(path);
    const header = new TextDecoder().decode(bytes.subarray(0, 20)).match(/^P5\s+(\d+)\s+(\d+)\s+255\s/);
    if (header === null) throw new Error(`${path}: not an 8-bit P5 PGM`);
    return new Uint8Array(bytes.subarray(header[0].length));
  }
  const source = pgm(join(DIR, GRADIENT.file));

  test('the source PGM is GRADIENT', () => {
    expect([...source]).toEqual(Array.from({ length: GRADIENT.width * GRADIENT.height }, (_, i) => gradientValue(i % GRADIENT.width, Math.floor(i / GRADIENT.width))));
  });

  test.each(Object.entries(CODESTREAMS))("%s: within 1 of djpeg's decode (its integer IDCT), within the quality's error of the source", (file, c) => {
    const jpeg = new Uint8Array(readFileSync(join(DIR, file)));
    // The codestream holds the restart interval the spec says (DRI, FFDD) and its RST markers.
    const dri = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xdd);
    expect(dri === -1 ? 0 : (jpeg[dri + 4] << 8) | jpeg[dri + 5]).toBe(c.restartInterval);
    const ours = decodeJpegSequential(jpeg, spec(GRADIENT.width, GRADIENT.height, 8));
    const djpeg = pgm(join(DIR, file.replace(/\.jpg$/, '.djpeg.pgm')));
    let worstDjpeg = 0;
    let worstSource = 0;
    for (let i = 0; i < ours.length; i++) {
      worstDjpeg = Math.max(worstDjpeg, Math.abs(ours[i] - djpeg[i]));
      worstSource = Math.max(worstSource, Math.abs(ours[i] - source[i]));
    }
    expect(worstDjpeg).toBeLessThanOrEqual(1);
    expect(worstSource).toBeLessThanOrEqual(40);
  });
});

describe('the 8-bit JPEG Baseline DICOM fixture: ours within 1 of libjpeg-turbo (which decodes it in the reader)', () => {
  test('jpeg-baseline/slice-1.dcm', async () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, 'jpeg-baseline/slice-1.dcm')));
    const px = dicomParser.parseDicom(bytes).elements.x7fe00010;
    const frame = bytes.slice(px.fragments![0].position, px.fragments![0].position + px.fragments![0].length);
    const s = { ...spec(6, 5, 8), bitsStored: 8 };
    const turbo = await decodeFrame('1.2.840.10008.1.2.4.50', frame, s, createCodecLoader());
    const ours = decodeJpegSequential(frame, s);
    expect(ours.length).toBe(turbo.length);
    for (let i = 0; i < ours.length; i++) expect(Math.abs(ours[i] - turbo[i])).toBeLessThanOrEqual(1);
  });
});

describe('broken codestreams: CorruptFile naming the frame, never a crash or a hang', () => {
  const j: SequentialJpeg = { width: 13, height: 10, precision: 12, blocks: randomBlocks(4, 12, 5) };
  const good = writeSequentialJpeg(j);
  const sosEnd = good.findIndex((b, i) => b === 0xff && good[i + 1] === 0xda) + 2 + 10;

  test('truncated entropy-coded data', () => {
    expect(corrupt(good.slice(0, sosEnd + 20))).toMatch(/entropy-coded data (ends|is truncated)|marker/);
  });
  test('entropy-coded data cut and EOI right after', () => {
    expect(corrupt(Uint8Array.from([...good.slice(0, sosEnd + 4), 0xff, 0xd9]))).toMatch(/marker FFD9 .* inside block/);
  });
  test('a wrong restart marker', () => {
    expect(corrupt(writeSequentialJpeg({ ...j, restartInterval: 1, restartNumber: (n) => n + 1 }))).toMatch(/restart marker FFD0 expected .* before block 2 of 4/);
  });
  test('no SOI', () => {
    expect(corrupt(good.slice(2))).toMatch(/does not start with SOI/);
  });
  test('progressive (SOF2) and lossless (SOF3) frames', () => {
    expect(corrupt(writeSequentialJpeg({ ...j, sofMarker: 0xc2 }))).toMatch(/SOF2 .* is not sequential DCT/);
    expect(corrupt(writeSequentialJpeg({ ...j, sofMarker: 0xc3 }))).toMatch(/SOF3/);
  });
  test('12-bit samples in a baseline (SOF0) frame', () => {
    expect(corrupt(writeSequentialJpeg({ ...j, sofMarker: 0xc0 }))).toMatch(/sample precision 12 in SOF0/);
  });
  test('a frame of another size than the DICOM header, before anything is allocated', () => {
    expect(corrupt(good, spec(14, 10))).toMatch(/the frame is 13 x 10, the DICOM header says 14 x 10/);
  });
  test('12-bit samples in 8-bit words', () => {
    expect(corrupt(good, spec(13, 10, 8))).toMatch(/12-bit samples do not fit Bits Allocated 8/);
  });
  test('a zero quantisation value', () => {
    expect(corrupt(writeSequentialJpeg({ ...j, quant: new Array(64).fill(0) }))).toMatch(/zero quantisation value/);
  });
  test('a DC category above the precision allows (8-bit: 11)', () => {
    const eight: SequentialJpeg = { width: 8, height: 8, precision: 8, blocks: [[4000, ...new Array(63).fill(0)]] };
    expect(corrupt(writeSequentialJpeg(eight), spec(8, 8, 8))).toMatch(/DC difference category 12/);
  });
  test('an AC run past coefficient 63: DC 0, then four (15, 1) symbols reach coefficient 64', () => {
    const rawScan = [dcCode(0), ...[1, 2, 3, 4].flatMap(() => [acCode(0xf1), [1, 1] as [number, number]])];
    expect(corrupt(writeSequentialJpeg({ width: 8, height: 8, precision: 12, blocks: [], rawScan }), spec(8, 8))).toMatch(/AC run past coefficient 63 in block 1 of 1/);
  });
  test('an AC category above the precision allows (12-bit: 14) cannot be written by these tables; 8-bit: 10', () => {
    const rawScan = [dcCode(0), acCode(0x0b), [0, 11] as [number, number]];
    expect(corrupt(writeSequentialJpeg({ width: 8, height: 8, precision: 8, blocks: [], rawScan }), spec(8, 8, 8))).toMatch(/AC coefficient category 11/);
  });
  test('a missing Huffman table', () => {
    const dht = good.findIndex((b, i) => b === 0xff && good[i + 1] === 0xc4);
    const length = (good[dht + 2] << 8) | good[dht + 3];
    expect(corrupt(Uint8Array.from([...good.slice(0, dht), ...good.slice(dht + 2 + length)]))).toMatch(/DC Huffman table 0 is not defined/);
  });
  test('a frame whose entropy-coded data cannot hold its blocks fails before allocating (65535 x 65535 claimed)', () => {
    const big = writeSequentialJpeg({ width: 65535, height: 65535, precision: 12, blocks: randomBlocks(2, 12, 1) });
    const started = performance.now();
    expect(corrupt(big, spec(65535, 65535))).toMatch(/cannot hold .* blocks/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
  test('random bytes after a valid header never hang: 200 mutations, each a CorruptFile or a decode', () => {
    const next = generator(42);
    for (let t = 0; t < 200; t++) {
      const m = Uint8Array.from(good);
      for (let k = 0; k < 4; k++) m[Math.floor(next() * m.length)] = Math.floor(next() * 256);
      try {
        const out = decodeJpegSequential(m, spec(13, 10));
        expect(out.length).toBe(130);
      } catch (e) {
        expect(isRadiomicsError(e, 'CorruptFile')).toBe(true);
      }
    }
  });
});
