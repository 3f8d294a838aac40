/**
 * The SR of DICOM-SEG segments (fixtures/dicom/seg-two-segments.dcm on the axial-shuffled series): each
 * segment's features read back bit for bit with the SEG instance and segment number referenced; undefined
 * features (null) are NUM items with the "Not a number" qualifier and read back as null; the segment's
 * category, type and anatomic region codes become Finding category, Finding and Finding Site.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { extract, readDicomSeriesFromBuffers, readDicomSr, readSegMaskFromBytes, srSourcesFromDicom, toDicomSr, toDicomSrMany, type ExtractResult, type SrSources } from '../../../../src/index.js';
import { writeDicom, type DataSetSpec } from '../../../../src/io/dicom/writer.js';
import { caught } from '../../../helpers/errors.js';
import { dciodvfyErrors, installed, needing, runOn } from '../../../helpers/dicom-tools.js';

const DIR = fileURLToPath(new URL('../../../../fixtures/dicom/', import.meta.url));
const names = readdirSync(join(DIR, 'axial-shuffled')).sort();
const files = names.map((n) => new Uint8Array(readFileSync(join(DIR, 'axial-shuffled', n))));
const seg = new Uint8Array(readFileSync(join(DIR, 'seg-two-segments.dcm')));
const image = readDicomSeriesFromBuffers(files);

function segResult(segment: number): ExtractResult {
  return extract(image, readSegMaskFromBytes(seg, image, { segment }), {}, { preset: 'ibsi1-digital-phantom' });
}

describe.each([1, 2])('DICOM SR of segment %i of seg-two-segments.dcm', (segment) => {
  const result = segResult(segment);
  const sources = srSourcesFromDicom({ files, names }, { bytes: seg, name: 'seg-two-segments.dcm', segment });
  const sr = toDicomSr(result, sources);
  const back = readDicomSr(sr);

  test('features read back equal to extract(), bit for bit', () => {
    expect(back.features).toEqual(result.features);
    back.features.forEach((f, i) => expect(Object.is(f.value, result.features[i].value)).toBe(true));
  });

  test('the group references the SEG instance and segment number; the tracking identifier is the label', () => {
    const g = back.groups[0];
    expect(g.segmentation).toEqual({ kind: 'SEG', instance: sources.segmentation.instance, segmentNumber: segment });
    expect(g.trackingIdentifier).toBe(segment === 1 ? 'tumour' : 'necrosis');
    expect(g.sourceSeriesInstanceUid).toBe(sources.image.seriesInstanceUid);
  });

  test.skipIf(!installed('dciodvfy'))(needing('dciodvfy', 'dciodvfy reports no error'), () => {
    expect(dciodvfyErrors(sr)).toEqual([]);
  });

  test.skipIf(!installed('dsrdump'))(needing('dsrdump', 'dsrdump shows the Referenced Segment'), () => {
    const r = runOn('dsrdump', [], sr);
    expect(r.status).toBe(0);
    expect(r.output).toContain(`<contains IMAGE:(,,"Referenced Segment")=(SG image,,${segment})>`);
  });
});

describe('both segments in one SR (toDicomSrMany)', () => {
  const measurements = [1, 2].map((segment) => ({ result: segResult(segment), segmentation: srSourcesFromDicom({ files, names }, { bytes: seg, segment }).segmentation }));
  const sources = srSourcesFromDicom({ files, names }, { bytes: seg, segment: 1 });
  const sr = toDicomSrMany(measurements, sources);
  const back = readDicomSr(sr);

  test('two measurement groups, in order, each with its segment and features bit for bit; distinct tracking UIDs', () => {
    expect(back.groups.map((g) => g.segmentation)).toEqual([1, 2].map((n) => ({ kind: 'SEG', instance: sources.segmentation.instance, segmentNumber: n })));
    back.groups.forEach((g, i) => expect(g.features).toEqual(measurements[i].result.features));
    expect(new Set(back.groups.map((g) => g.trackingUid)).size).toBe(2);
    expect(back.groups[0].trackingUid).toBe(readDicomSr(toDicomSr(measurements[0].result, sources)).groups[0].trackingUid);
  });

  test('no measurement is InvalidArgument', () => {
    expect(caught(() => toDicomSrMany([], sources)).code).toBe('InvalidArgument');
  });

  test.skipIf(!installed('dciodvfy'))(needing('dciodvfy', 'dciodvfy reports no error'), () => {
    expect(dciodvfyErrors(sr)).toEqual([]);
  });
});

describe('undefined features and segment codes', () => {
  const base = segResult(1);
  // Undefined (null) features as extract() reports them, e.g. for a single grey level: here the first three.
  const result: ExtractResult = { ...base, features: base.features.map((f, i) => (i < 3 ? { ...f, value: null } : f)) };
  const code = (value: string, scheme: string, meaning: string): DataSetSpec => ({ '00080100': ['SH', value], '00080102': ['SH', scheme], '00080104': ['LO', meaning] });
  // A SEG with the codes of a segment (PS3.3 C.8.20.2: category, type, anatomic region) and its references.
  const codedSeg = writeDicom(
    {
      '00080016': ['UI', '1.2.840.10008.5.1.4.1.1.66.4'],
      '00080018': ['UI', '1.2.826.0.1.3680043.10.1559.99.1'],
      '00080060': ['CS', 'SEG'],
      '0020000d': ['UI', '1.2.826.0.1.3680043.10.1559.7.1'],
      '0020000e': ['UI', '1.2.826.0.1.3680043.10.1559.99.2'],
      '00620002': ['SQ', [{
        '00082218': ['SQ', [code('39607008', 'SCT', 'Lung')]],
        '00620003': ['SQ', [code('49755003', 'SCT', 'Morphologically Altered Structure')]],
        '00620004': ['US', 7],
        '00620005': ['LO', 'nodule'],
        '0062000f': ['SQ', [code('27925004', 'SCT', 'Nodule')]],
      }]],
    },
    { transferSyntax: 'explicit' },
  );
  const sources: SrSources = srSourcesFromDicom({ files, names }, { bytes: codedSeg, name: 'coded-seg.dcm' });
  const sr = toDicomSr(result, sources);
  const back = readDicomSr(sr);

  test('srSourcesFromDicom reads the segment codes; the only segment is taken without --segment', () => {
    expect(sources.segmentation).toMatchObject({ kind: 'SEG', segmentNumber: 7, label: 'nodule', propertyType: { value: '27925004', scheme: 'SCT', meaning: 'Nodule' }, anatomicRegion: { value: '39607008', scheme: 'SCT', meaning: 'Lung' } });
  });

  test('null features read back as null; the codes as Finding category, Finding and Finding Site', () => {
    expect(back.features).toEqual(result.features);
    expect(back.features.slice(0, 3).map((f) => f.value)).toEqual([null, null, null]);
    const g = back.groups[0];
    expect(g.findingCategory).toEqual({ value: '49755003', scheme: 'SCT', meaning: 'Morphologically Altered Structure' });
    expect(g.finding).toEqual({ value: '27925004', scheme: 'SCT', meaning: 'Nodule' });
    expect(g.findingSite).toEqual({ value: '39607008', scheme: 'SCT', meaning: 'Lung' });
  });

  test.skipIf(!installed('dciodvfy'))(needing('dciodvfy', 'dciodvfy reports no error with null measurements'), () => {
    expect(dciodvfyErrors(sr)).toEqual([]);
  });

  test.skipIf(!installed('dsrdump'))(needing('dsrdump', 'dsrdump shows a null measurement with its qualifier'), () => {
    const r = runOn('dsrdump', [], sr);
    expect(r.status).toBe(0);
    expect(r.output).toContain('<contains CODE:(,,"Finding")=(27925004,SCT,"Nodule")>');
    expect(r.output).toContain(`<contains NUM:(,,"${result.features[0].name}")=empty (114000,DCM,"Not a number")>`);
  });
});

describe('srSourcesFromDicom errors', () => {
  test('a segmentation that is neither SEG nor RTSTRUCT is UnsupportedFormat naming it', () => {
    const e = caught(() => srSourcesFromDicom({ files, names }, { bytes: files[names.indexOf('slice-a.dcm')], name: 'slice-a.dcm' }));
    expect(e.code).toBe('UnsupportedFormat');
    expect(e.message).toContain('slice-a.dcm');
  });
  test('several segments and none chosen is UnknownSegment listing them', () => {
    const e = caught(() => srSourcesFromDicom({ files, names }, { bytes: seg, name: 'seg.dcm' }));
    expect(e.code).toBe('UnknownSegment');
    expect(e.message).toContain('1 "tumour", 2 "necrosis"');
  });
  test('no image among the files is NoDicomImages', () => {
    expect(caught(() => srSourcesFromDicom({ files: [seg] }, { bytes: seg, segment: 1 })).code).toBe('NoDicomImages');
  });
  test('bytes that are not DICOM are CorruptFile', () => {
    expect(caught(() => srSourcesFromDicom({ files }, { bytes: new Uint8Array(200), name: 'x.nii' })).code).toBe('CorruptFile');
  });
});
