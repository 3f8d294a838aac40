/**
 * Compressed DICOM (fixtures/dicom-compressed, made by Debian's dcmtk, opj_compress and ojph_compress from
 * series our writer made): each lossless syntax decodes to the voxels of its uncompressed source, each
 * lossy one within its codec's error and flagged lossy; multi-frame layouts (fragments per frame, offset
 * tables) read as the uncompressed enhanced MR; broken files are typed errors naming file and frame; a
 * codec loads only when a compressed frame needs it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { BROKEN, COMPRESSED, JPEG_EXTENDED, MULTIFRAME, SOURCES } from '../../../scripts/compressed-fixture-spec.js';
import { installed, needing } from '../../helpers/dicom-tools.js';
import { writeDicom } from '../../../src/io/dicom/writer.js';
import { createCodecLoader, createVolume, extract, isRadiomicsError, readDicomSeriesFromBuffers, readDicomSeriesFromBuffersAsync, type Volume } from '../../../src/index.js';
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
  test.each(COMPRESSED)('$folder ($transferSyntax, $tool): lossless=$lossless, max error $maxError stored units', async (c) => {
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

/** Samples that differ between two volumes of one shape: how many, and the largest difference. */
function differences(a: Volume, b: Volume): { count: number; max: number } {
  let count = 0;
  let max = 0;
  for (let i = 0; i < a.voxels.data.length; i++) {
    const d = Math.abs(a.voxels.data[i] - b.voxels.data[i]);
    if (d !== 0) count++;
    max = Math.max(max, d);
  }
  return { count, max };
}

/**
 * JPEG Extended with 12-bit samples (Process 4) by our sequential DCT decoder (src/io/codecs/jpegExtended.ts),
 * against dcmtk's dcmdjpeg (IJG libjpeg 12-bit). Ours evaluates the inverse DCT exactly (double precision),
 * libjpeg's default IDCT in integers with 13-bit cosines, so a sample may differ by 1 (never more); that ours
 * is the exact transform is tested in jpegExtended.unit.test.ts.
 */
describe('JPEG Extended 12-bit (1.2.840.10008.1.2.4.51, dcmcjpeg +ee)', () => {
  test('jpeg-extended-12bit: within 1 stored unit of dcmdjpeg\'s decode (committed), loading only our decoder', async () => {
    const loader = createCodecLoader();
    const ours = await readDicomSeriesFromBuffersAsync(files('jpeg-extended-12bit').map((p) => new Uint8Array(readFileSync(p))), { codecs: loader });
    expect(loader.loaded()).toEqual(['jpeg-extended']);
    const dcmtk = readDicomSeries(join(DIR, JPEG_EXTENDED.reference.folder));
    expect(dcmtk.shape).toEqual(ours.shape);
    // Both carry dcmcjpeg's Rescale Slope 1 (+rm maps the range): modality units are stored units here.
    expect(differences(ours, dcmtk).max).toBeLessThanOrEqual(1);
  });

  test('jpeg-extended-12bit: LossyCompression warning with ratio and method; provenance records the lossy syntax', async () => {
    const image = await readDicomSeriesAsync(join(DIR, 'jpeg-extended-12bit'));
    const mask = createVolume({ data: new Uint8Array(image.voxels.data.length).fill(1), shape: image.shape, spacing: image.spacing, origin: image.origin, direction: image.direction });
    const result = extract(image, { volume: mask, label: 1 }, { families: ['stat'] });
    expect(result.warnings.find((w) => w.code === 'LossyCompression')?.message).toMatch(/JPEG Extended \(Process 2 & 4\), ratio [\d.]+, method ISO_10918_1/);
    expect(result.provenance.image.acquisition?.pixelEncoding).toMatchObject({ transferSyntaxUid: '1.2.840.10008.1.2.4.51', lossy: true, lossyCompressionMethod: 'ISO_10918_1' });
  });

  const ct = JPEG_EXTENDED.ctPhantom;
  const phantom = fileURLToPath(new URL('../../../fixtures/ibsi1-ct-phantom/dicom/image/', import.meta.url));
  const ctFiles = ct.slices.map((f) => join(DIR, ct.folder, f));

  test(`IBSI CT phantom slices (201 x 204, 12 bits stored): within ${ct.maxErrorHu} HU of the uncompressed slices, same geometry`, async () => {
    const ours = await readDicomSeriesAsync(join(DIR, ct.folder));
    const plain = readDicomSeriesFromBuffers(ct.slices.map((f) => new Uint8Array(readFileSync(join(phantom, f)))));
    expect(ours.shape).toEqual([204, 201, 2]);
    expect([...ours.origin, ...ours.spacing, ...ours.direction]).toEqual([...plain.origin, ...plain.spacing, ...plain.direction]);
    const d = differences(ours, plain);
    expect(d.max).toBeGreaterThan(0); // lossy
    expect(d.max).toBeLessThanOrEqual(ct.maxErrorHu);
  });

  test.skipIf(!installed('dcmdjpeg'))(needing('dcmdjpeg', 'IBSI CT phantom slices: within 1 HU of dcmdjpeg\'s decode of the same files'), async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'radiomics-dcmdjpeg-'));
    try {
      for (const f of ctFiles) expect(spawnSync('dcmdjpeg', [f, join(tmp, f.split('/').pop()!)]).status).toBe(0);
      const ours = await readDicomSeriesAsync(join(DIR, ct.folder));
      const dcmtk = readDicomSeries(tmp);
      // dcmcjpeg wrote Rescale Slope 1 for CT: 1 HU is 1 stored unit.
      const d = differences(ours, dcmtk);
      expect(d.max).toBe(1); // the integer IDCT's rounding: about 4 % of the samples (3306 of 82008 when written)
      expect(d.count).toBeLessThan(0.1 * ours.voxels.data.length);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

/**
 * The signed HTJ2K copies (OpenJPH's WebAssembly encoder) read by an independent decoder: OpenJPEG's
 * opj_decompress (2.5 reads HTJ2K) gives the signed stored values of the source, so the fixture tests our
 * reader, not an encoder's sign handling (Debian's ojph_compress 0.9 gets it wrong).
 */
describe.skipIf(!installed('opj_decompress'))(needing('opj_decompress', 'signed HTJ2K fixtures decoded by OpenJPEG'), () => {
  test.each(COMPRESSED.filter((c) => c.folder.startsWith('htj2k') && SOURCES[c.source].signed))('$folder: opj_decompress gives the source\'s stored values (within $maxError)', (c) => {
    const tmp = mkdtempSync(join(tmpdir(), 'radiomics-opj-'));
    try {
      const source = readDicomSeries(join(DIR, 'source', SOURCES[c.source].folder));
      const { slope, intercept } = SOURCES[c.source].series;
      files(c.folder).forEach((path, k) => {
        const bytes = new Uint8Array(readFileSync(path));
        // The one fragment of the one frame: the codestream, from its SOC marker (FF4F FF51) to its end.
        const start = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0x4f && bytes[i + 2] === 0xff && bytes[i + 3] === 0x51);
        const length = new DataView(bytes.buffer).getUint32(start - 4, true);
        const j2c = join(tmp, `slice-${k + 1}.j2c`);
        writeFileSync(j2c, bytes.subarray(start, start + length));
        const r = spawnSync('opj_decompress', ['-i', j2c, '-o', join(tmp, `slice-${k + 1}.raw`)], { encoding: 'utf8' });
        expect(r.status).toBe(0);
        expect(r.stdout).toContain('signed');
        const raw = readFileSync(join(tmp, `slice-${k + 1}.raw`));
        const decoded = new Int16Array(raw.buffer, raw.byteOffset, raw.length / 2);
        const n = source.shape[0] * source.shape[1];
        expect(decoded.length).toBe(n);
        let worst = 0;
        for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(decoded[i] - (source.voxels.data[k * n + i] - intercept) / slope));
        expect(worst).toBeLessThanOrEqual(c.maxError);
        expect(Math.min(...decoded)).toBeLessThan(0);
      });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
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
