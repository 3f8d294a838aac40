/**
 * Compressed DICOM (fixtures/dicom-compressed, made by Debian's dcmtk, opj_compress and ojph_compress from
 * series our writer made): each lossless syntax decodes to the voxels of its uncompressed source, each
 * lossy one within its codec's error and flagged lossy; multi-frame layouts (fragments per frame, offset
 * tables) read as the uncompressed enhanced MR; broken files are typed errors naming file and frame; a
 * codec loads only when a compressed frame needs it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { BROKEN, COMPRESSED, MULTIFRAME, SOURCES } from '../../../scripts/compressed-fixture-spec.js';
import { writeDicom } from '../../../src/io/dicom/writer.js';
import { createCodecLoader, extract, isRadiomicsError, readDicomSeriesFromBuffers, readDicomSeriesFromBuffersAsync, type Volume } from '../../../src/index.js';
import { readDicomSeries, readDicomSeriesAsync, readRtstructMask, readVolume, readVolumeAsync } from '../../../src/node.js';

const DIR = fileURLToPath(new URL('../../../fixtures/dicom-compressed/', import.meta.url));
const DICOM = fileURLToPath(new URL('../../../fixtures/dicom/', import.meta.url));
const files = (folder: string) => readdirSync(join(DIR, folder)).sort().map((f) => join(DIR, folder, f));

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

function maxDifference(a: Volume, b: Volume): number {
  let worst = 0;
  for (let i = 0; i < a.voxels.data.length; i++) worst = Math.max(worst, Math.abs(a.voxels.data[i] - b.voxels.data[i]));
  return worst;
}

describe('readDicomSeriesAsync: each transfer syntax against its uncompressed source', () => {
  const decodable = COMPRESSED.filter((c) => c.folder !== 'jpeg-extended-12bit');
  test.each(decodable)('$folder ($transferSyntax, $tool): lossless=$lossless, max error $maxError stored units', async (c) => {
    const source = SOURCES[c.source];
    const expected = readDicomSeries(join(DIR, 'source', source.folder));
    const actual = await readDicomSeriesAsync(join(DIR, c.folder));
    expect(actual.shape).toEqual(expected.shape);
    expect([...actual.spacing]).toEqual([...expected.spacing]);
    expect([...actual.origin]).toEqual([...expected.origin]);
    expect([...actual.direction]).toEqual([...expected.direction]);
    const difference = maxDifference(actual, expected);
    if (c.lossy) expect(difference).toBeLessThanOrEqual(c.maxError * source.series.slope);
    else expect(difference).toBe(0);
    expect(actual.acquisition?.pixelEncoding).toMatchObject({ transferSyntaxUid: c.transferSyntax, lossy: c.lossy });
  });

  test('signed MONOCHROME1 source: negative modality values, not inverted (MONOCHROME1 only inverts the display)', () => {
    const v = readDicomSeries(join(DIR, 'source', 'signed-mono1'));
    // value(p) = 2x + 3y + 5z at the first voxel (-20.5, 13.25, 40): 198.75, stored round((198.75 - 1000) / 0.5) = -1602.
    expect(v.voxels.get(0, 0, 0)).toBe(-1602 * 0.5 + 1000);
  });

  test('lossy copies record Lossy Image Compression ratio and method from the file (dcmcjpeg writes both)', async () => {
    const v = await readDicomSeriesAsync(join(DIR, 'jpeg-baseline'));
    expect(v.acquisition?.pixelEncoding?.lossy).toBe(true);
    expect(v.acquisition?.pixelEncoding?.lossyCompressionMethod).toBe('ISO_10918_1');
    expect(v.acquisition?.pixelEncoding?.lossyCompressionRatio).toBeGreaterThan(0);
  });

  test('12-bit JPEG Extended (Process 4) is UnsupportedTransferSyntax naming the file and the precision', async () => {
    const e = await failure(() => readDicomSeriesAsync(join(DIR, 'jpeg-extended-12bit')));
    expect(isRadiomicsError(e, 'UnsupportedTransferSyntax')).toBe(true);
    expect((e as Error).message).toMatch(/slice-\d\.dcm: 12-bit JPEG/);
  });

  test('the synchronous reader gives CompressedPixelData for a compressed series', () => {
    const e = (() => {
      try {
        readDicomSeries(join(DIR, 'jpeg-ls-lossless'));
      } catch (error) {
        return error;
      }
    })();
    expect(isRadiomicsError(e, 'CompressedPixelData')).toBe(true);
    expect((e as Error).message).toContain('JPEG-LS Lossless');
  });

  test('video (MPEG-4 AVC) is still UnsupportedTransferSyntax with its name', async () => {
    const bytes = writeDicom({ '00080016': ['UI', '1.2.840.10008.5.1.4.1.1.77.1.4.1'], '00080018': ['UI', '1.2.3.4'], '00080060': ['CS', 'XC'], '0020000e': ['UI', '1.2.3'], '00200032': ['DS', ['0', '0', '0']], '00200037': ['DS', ['1', '0', '0', '0', '1', '0']], '00280030': ['DS', ['1', '1']], '00280010': ['US', 2], '00280011': ['US', 2], '00280100': ['US', 8], '7fe00010': ['OB', { fragments: [new Uint8Array(8)] }] }, { transferSyntax: { uid: '1.2.840.10008.1.2.4.102', encapsulated: true } });
    const e = await failure(() => readDicomSeriesFromBuffersAsync([bytes], { files: ['video.dcm'] }));
    expect(isRadiomicsError(e, 'UnsupportedTransferSyntax')).toBe(true);
    expect((e as Error).message).toContain('MPEG-4 AVC/H.264 High Profile / Level 4.1');
  });
});

describe('lazy codecs: a CodecLoader imports a family only when a frame of its syntax is decoded', () => {
  test('an uncompressed series and an RLE series load no codec; a JPEG-LS series loads jpeg-ls only', async () => {
    const loader = createCodecLoader();
    const buffers = (paths: readonly string[]) => paths.map((p) => new Uint8Array(readFileSync(p)));
    await readDicomSeriesFromBuffersAsync(buffers(files('source/signed-mono1')), { codecs: loader });
    await readDicomSeriesFromBuffersAsync(buffers(readdirSync(join(DICOM, 'rle')).map((f) => join(DICOM, 'rle', f))), { codecs: loader });
    expect(loader.loaded()).toEqual([]);
    await readDicomSeriesFromBuffersAsync(buffers(files('jpeg-ls-lossless')), { codecs: loader });
    expect(loader.loaded()).toEqual(['jpeg-ls']);
  });

  test('readVolumeAsync of NIfTI loads no codec and equals readVolume', async () => {
    const loader = createCodecLoader();
    const path = fileURLToPath(new URL('../../../fixtures/ibsi1-digital-phantom/phantom.nii.gz', import.meta.url));
    const v = await readVolumeAsync(path, { codecs: loader });
    expect(loader.loaded()).toEqual([]);
    expect([...v.voxels.data]).toEqual([...readVolume(path).voxels.data]);
  });

  test('a codec that fails to load is CodecUnavailable naming the file, the syntax and the cause', async () => {
    const loader = createCodecLoader({ 'jpeg-ls': () => Promise.reject(new Error('WebAssembly fetch blocked')) });
    const e = await failure(() => readDicomSeriesAsync(join(DIR, 'jpeg-ls-lossless'), { codecs: loader }));
    expect(isRadiomicsError(e, 'CodecUnavailable')).toBe(true);
    expect((e as Error).message).toMatch(/slice-1\.dcm: the jpeg-ls codec cannot be loaded: WebAssembly fetch blocked \(JPEG-LS Lossless\)/);
  });
});

describe('multi-frame encapsulated pixel data (enhanced MR, 4 frames)', () => {
  const expected = readVolume(join(DICOM, 'enhanced-mr.dcm'));
  test.each(Object.entries(MULTIFRAME))('%s (%s) reads as the uncompressed enhanced-mr.dcm', async (file) => {
    const actual = await readVolumeAsync(join(DIR, 'multiframe', file));
    expect(actual.shape).toEqual(expected.shape);
    expect(maxDifference(actual, expected)).toBe(0);
  });
});

describe('broken compressed files: typed errors naming the file (and frame), no crash, no hang', () => {
  const cases: Record<keyof typeof BROKEN, RegExp> = {
    // Cut inside its scan header: refused by the structural check before CharLS runs (src/io/codecs/jpegLsCodestream.ts).
    'truncated-codestream.dcm': /truncated-codestream\.dcm frame 2: JPEG-LS codestream marker FFDA declares 8 bytes, past the end of the codestream/,
    'lying-offset-table.dcm': /lying-offset-table\.dcm: Basic Offset Table entry 2 \(\d+\) is not the start of a fragment/,
    'frame-count-mismatch.dcm': /frame-count-mismatch\.dcm: the fragments hold 3 codestreams \(frames\), Number of Frames is 4/,
    'garbage-codestream.dcm': /garbage-codestream\.dcm frame 1: JPEG 2000 Image Compression \(Lossless Only\) codestream without a readable frame header/,
  };
  test.each(Object.entries(cases))('%s -> CorruptFile %s', async (file, message) => {
    const e = await failure(() => readVolumeAsync(join(DIR, 'broken', file)));
    expect(isRadiomicsError(e, 'CorruptFile')).toBe(true);
    expect((e as Error).message).toMatch(message);
  });
});

describe('IBSI CT phantom, JPEG-LS lossless copy (dcmcjpls) against the uncompressed series', () => {
  test('every voxel (HU) and the geometry equal the uncompressed series', async () => {
    const phantom = fileURLToPath(new URL('../../../fixtures/ibsi1-ct-phantom/', import.meta.url));
    const plain = readDicomSeries(join(phantom, 'dicom/image'));
    const jpegls = await readDicomSeriesAsync(join(phantom, 'dicom-jpegls/image'));
    expect(jpegls.shape).toEqual(plain.shape);
    expect([...jpegls.origin, ...jpegls.spacing, ...jpegls.direction]).toEqual([...plain.origin, ...plain.spacing, ...plain.direction]);
    expect(maxDifference(jpegls, plain)).toBe(0);
  });

  test('IBSI configuration C features (GTV-1 from the RTSTRUCT) of the JPEG-LS copy equal those of the uncompressed series, every one', async () => {
    const phantom = fileURLToPath(new URL('../../../fixtures/ibsi1-ct-phantom/', import.meta.url));
    const plain = readDicomSeries(join(phantom, 'dicom/image'));
    const jpegls = await readDicomSeriesAsync(join(phantom, 'dicom-jpegls/image'));
    const rs = join(phantom, 'dicom/mask/DCM_RS_00060.dcm');
    const a = extract(plain, readRtstructMask(rs, plain, 'GTV-1'), {}, { preset: 'ibsi1-C' });
    const b = extract(jpegls, readRtstructMask(rs, jpegls, 'GTV-1'), {}, { preset: 'ibsi1-C' });
    expect(b.features.length).toBeGreaterThan(150);
    expect(b.features).toEqual(a.features);
    expect(b.provenance.image.sha256).toBe(a.provenance.image.sha256);
    expect(b.provenance.image.acquisition?.pixelEncoding).toMatchObject({ transferSyntaxUid: '1.2.840.10008.1.2.4.80', lossy: false });
  });
});

test('readDicomSeriesFromBuffers (sync) still reads uncompressed sources', () => {
  const v = readDicomSeriesFromBuffers(files('source/unsigned-12bit').map((p) => new Uint8Array(readFileSync(p))));
  expect(v.shape).toEqual([6, 5, 4]);
});
