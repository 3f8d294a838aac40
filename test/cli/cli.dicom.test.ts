/**
 * DICOM input through the built CLI: `radiomics extract --image <DICOM folder> --mask <RTSTRUCT> --roi NAME`
 * on the IBSI CT phantom (configuration C, every reference and diagnostic row), `--mask <SEG> --segment`,
 * `--series`, and the usage errors of the DICOM options.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { compare, compareDiagnostics } from '../../scripts/ibsi-compliance.js';
import { SERIES } from '../../scripts/dicom-fixture-spec.js';
import { referenceRows } from '../helpers/reference.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CT = join(ROOT, 'fixtures/ibsi1-ct-phantom/dicom');
const FIX = join(ROOT, 'fixtures/dicom');

function radiomics(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/radiomics.js'), ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('radiomics extract with DICOM input', () => {
  test('--image <DICOM dir> --mask <RTSTRUCT> --roi GTV-1 --preset ibsi1-C matches every configuration C reference and diagnostic row', () => {
    const r = radiomics('extract', '--image', join(CT, 'image'), '--mask', join(CT, 'mask/DCM_RS_00060.dcm'), '--roi', 'GTV-1', '--preset', 'ibsi1-C', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    const rows = compare(result, referenceRows('C'));
    expect(rows.filter((c) => !c.pass).map((c) => `${c.featureId ?? c.row.featureName} = ${c.value} vs ${c.row.value}`)).toEqual([]);
    expect(rows.length).toBe(209);
    expect(compareDiagnostics('C', result).filter((d) => !d.pass)).toEqual([]);
    expect(result.provenance.image.acquisition).toMatchObject({ modality: 'CT', manufacturer: 'CMS, Inc.', sliceThickness: 3 });
  }, 120_000);

  test('--mask <SEG> --segment LABEL and --series UID pick the segment and the series', () => {
    const r = radiomics('extract', '--image', join(FIX, 'two-series'), '--series', SERIES.axial.seriesUid, '--mask', join(FIX, 'seg-two-segments.dcm'), '--segment', 'tumour', '--preset', 'ibsi1-digital-phantom', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.provenance.roi.morphologicalVoxels).toBe(4 * 3 * 2);
    expect(result.provenance.image.acquisition.seriesInstanceUid).toBe(SERIES.axial.seriesUid);
  });

  test.each([
    ['--mask RS.dcm without --roi exits 2', ['--mask', join(CT, 'mask/DCM_RS_00060.dcm')], 2, /UsageError: .*is an RTSTRUCT: name the ROI with --roi NAME/],
    ['--mask RS.dcm --roi GTV-2 exits 1', ['--mask', join(CT, 'mask/DCM_RS_00060.dcm'), '--roi', 'GTV-2'], 1, /UnknownRoi: .*no ROI "GTV-2"; ROIs: 1 "GTV-1"/],
    ['--mask mask.nii.gz --roi GTV-1 exits 2', ['--mask', join(ROOT, 'fixtures/ibsi1-ct-phantom/mask.nii.gz'), '--roi', 'GTV-1'], 2, /UsageError: --roi needs an RTSTRUCT mask/],
  ] as const)('radiomics extract --image <CT DICOM> %s', (_title, args, code, message) => {
    const r = radiomics('extract', '--image', join(CT, 'image'), ...args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });

  test('--image <folder with two series> without --series is MultipleSeries listing both', () => {
    const r = radiomics('extract', '--image', join(FIX, 'two-series'), '--mask', join(FIX, 'seg-two-segments.dcm'), '--segment', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('MultipleSeries');
    expect(r.stderr).toContain(SERIES.coronal.seriesUid);
  });
});

describe('radiomics dicom', () => {
  test('radiomics dicom --in <CT phantom DICOM> lists the series and the RTSTRUCT ROI', () => {
    const r = radiomics('dicom', '--in', CT);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('series 1.3.6.1.4.1.9590.100.1.2.296658988911737913102339329841519593982  CT  60 slices in 60 file(s)');
    expect(r.stdout).toContain('--roi "GTV-1"  (ROI 1, 26 contours)');
  });

  test('radiomics dicom --in <compressed and quantitative folders> lists transfer syntax, lossy flag and units', () => {
    const lossy = radiomics('dicom', '--in', join(ROOT, 'fixtures/dicom-compressed/jpeg2000-lossy'));
    expect(lossy.code).toBe(0);
    expect(lossy.stdout).toContain('  transfer syntax JPEG 2000 Image Compression  LOSSY  units none (no Real World Value Mapping)');
    const adc = radiomics('dicom', '--in', join(ROOT, 'fixtures/dicom-quantitative/rwvm-adc-mr'));
    expect(adc.stdout).toContain('  transfer syntax Explicit VR Little Endian  lossless  units mm2/s');
  });

  test('radiomics extract --image <JPEG-LS lossless DICOM> reads through the codecs (async path)', () => {
    const r = radiomics('extract', '--image', join(ROOT, 'fixtures/dicom-compressed/jpeg-ls-lossless'), '--mask', join(FIX, 'seg-two-segments.dcm'), '--segment', 'tumour', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).provenance.image.acquisition.pixelEncoding.transferSyntax).toBe('JPEG-LS Lossless');
  });

  test('radiomics batch with a JPEG 2000 lossless series gives the row of its uncompressed source (codecs in the batch worker)', async () => {
    const { createVolume, writeNifti } = await import('../../src/index.js');
    const { readDicomSeries } = await import('../../src/node.js');
    const tmp = mkdtempSync(join(tmpdir(), 'radiomics-batch-codecs-'));
    const source = join(ROOT, 'fixtures/dicom-compressed/source/signed-mono1');
    const image = readDicomSeries(source);
    const ones = new Uint8Array(image.voxels.data.length).fill(1);
    writeFileSync(join(tmp, 'mask.nii'), writeNifti(createVolume({ data: ones, shape: image.shape, spacing: image.spacing, origin: image.origin, direction: image.direction })));
    writeFileSync(join(tmp, 'manifest.csv'), `id,image,mask,label\nsource,${source},mask.nii,1\nj2k,${join(ROOT, 'fixtures/dicom-compressed/jpeg2000-lossless')},mask.nii,1\n`);
    const r = radiomics('batch', join(tmp, 'manifest.csv'), '--out', join(tmp, 'out.csv'), '--jobs', '1');
    expect(r.stderr).toContain('2 cases, 2 ok, 0 failed');
    expect(r.code).toBe(0);
    const [header, a, b] = readFileSync(join(tmp, 'out.csv'), 'utf8').trim().split('\n');
    expect(header.startsWith('id,')).toBe(true);
    expect(b.replace(/^j2k,/, '')).toBe(a.replace(/^source,/, ''));
  }, 120_000);

  test('radiomics dicom --in seg.dcm --format json lists the segments', () => {
    const r = radiomics('dicom', '--in', join(FIX, 'seg-two-segments.dcm'), '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).segs[0].segments).toEqual([
      { number: 1, label: 'tumour', frames: 2 },
      { number: 2, label: 'necrosis', frames: 4 },
    ]);
  });
});
