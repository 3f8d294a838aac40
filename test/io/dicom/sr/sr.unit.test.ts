/**
 * The SR room's parts on their own: the unit table covers every registry feature, derived UIDs have the
 * 2.25 UUID form, content items of every value type encode and decode to themselves, the config hash does
 * not depend on key order, filtered image types become modifiers with their own intensity unit, and
 * readDicomSr rejects what is not a TID 1500 report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import dicomParser from 'dicom-parser';
import { FAMILIES, extract, readDicomSeriesFromBuffers, readDicomSr, readSegMaskFromBytes, resolveConfig, srConfigHash, srSourcesFromDicom, toDicomSr } from '../../../../src/index.js';
import { DCM, PRIVATE } from '../../../../src/io/dicom/sr/codes.js';
import { decodeContentItem, encodeContentItem, type SrContentItem } from '../../../../src/io/dicom/sr/content.js';
import { FAMILY_UNITS, FEATURE_UNITS, unitKind } from '../../../../src/io/dicom/sr/units.js';
import { canonicalJson } from '../../../../src/io/dicom/sr/write.js';
import { uidFromText } from '../../../../src/io/dicom/uid.js';
import { writeDicom } from '../../../../src/io/dicom/writer.js';
import { caught } from '../../../helpers/errors.js';

const DIR = fileURLToPath(new URL('../../../../fixtures/dicom/', import.meta.url));

describe('units', () => {
  const features = Object.entries(FAMILIES).flatMap(([family, d]) => Object.values(d.features as Record<string, { ibsi: string | null; name: string }>).map((f) => ({ family, ...f })));

  test('every family has a usual unit kind, and every exception is the IBSI code of a registry feature', () => {
    expect(Object.keys(FAMILY_UNITS).sort()).toEqual(Object.keys(FAMILIES).sort());
    const codes = new Set(features.map((f) => f.ibsi));
    expect(Object.keys(FEATURE_UNITS).filter((c) => !codes.has(c))).toEqual([]);
  });

  test.each([
    ['morph', 'RNU0', 'volume'],
    ['morph', 'SKGS', 'one'],
    ['morph', '99N0', 'intensityVolume'],
    ['stat', 'Q4LE', 'intensity'],
    ['stat', 'ECT3', 'intensitySquared'],
    ['ih', 'X6K6', 'greyLevel'],
    ['ivh', 'BC2M', 'one'],
    ['ivh', 'GBPN', 'intensity'],
    ['glcm', 'GYBY', 'one'],
  ] as const)('unitKind(%s, %s) = %s', (family, ibsi, kind) => {
    expect(unitKind(family, ibsi)).toBe(kind);
  });

  test('every feature name fits a Code Meaning (LO, 64 characters), so names round-trip unshortened', () => {
    expect(features.filter((f) => f.name.length > 64).map((f) => f.name)).toEqual([]);
  });
});

describe('uidFromText', () => {
  test('is a 2.25 UID of at most 64 characters, the same for the same text, another for another', () => {
    const a = uidFromText('a');
    expect(a).toMatch(/^2\.25\.[1-9]\d*$/);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(uidFromText('a')).toBe(a);
    expect(uidFromText('b')).not.toBe(a);
  });

  test('the UUID it encodes is version 8, variant 10 (RFC 9562)', () => {
    const hex = BigInt(uidFromText('radiomics').slice(5)).toString(16).padStart(32, '0');
    expect(hex[12]).toBe('8');
    expect(['8', '9', 'a', 'b']).toContain(hex[16]);
  });
});

describe('content items', () => {
  const leaf = { children: [] as SrContentItem[] };
  const tree: SrContentItem = {
    relationship: null,
    concept: DCM.imagingMeasurementReport,
    valueType: 'CONTAINER',
    template: '1500',
    children: [
      { ...leaf, relationship: 'HAS CONCEPT MOD', concept: DCM.languageOfContent, valueType: 'CODE', code: DCM.englishUs },
      { ...leaf, relationship: 'HAS OBS CONTEXT', concept: DCM.trackingIdentifier, valueType: 'TEXT', text: 'ROI 1 — ünïcode' },
      { ...leaf, relationship: 'HAS OBS CONTEXT', concept: DCM.trackingUid, valueType: 'UIDREF', uid: '2.25.1234' },
      { ...leaf, relationship: 'CONTAINS', concept: DCM.referencedSegment, valueType: 'IMAGE', reference: { sopClassUid: '1.2.840.10008.5.1.4.1.1.66.4', sopInstanceUid: '1.2.3' }, segmentNumber: 3 },
      { ...leaf, relationship: 'CONTAINS', concept: DCM.regionInSpace, valueType: 'COMPOSITE', reference: { sopClassUid: '1.2.840.10008.5.1.4.1.1.481.3', sopInstanceUid: '1.2.4' }, segmentNumber: null },
      {
        relationship: 'CONTAINS',
        concept: { value: 'Q4LE', scheme: 'IBSI', meaning: 'Mean' },
        valueType: 'NUM',
        value: 0.1 + 0.2,
        unit: { value: 'mm', scheme: 'UCUM', meaning: 'millimeter' },
        children: [{ ...leaf, relationship: 'HAS CONCEPT MOD', concept: PRIVATE.featureId, valueType: 'TEXT', text: 'stat.mean' }],
      },
      { ...leaf, relationship: 'CONTAINS', concept: { value: 'ECT3', scheme: 'IBSI', meaning: 'Variance' }, valueType: 'NUM', value: -1.2345678901234567e-300, unit: { value: '1', scheme: 'UCUM', meaning: 'no units' } },
    ],
  };

  test('decodeContentItem(encodeContentItem(tree)) is the tree: every value type, UTF-8 text, values bit for bit', () => {
    const bytes = writeDicom({ '00080005': ['CS', 'ISO_IR 192'], '00080016': ['UI', '1.2.840.10008.5.1.4.1.1.88.22'], '00080018': ['UI', '1.2.3.4'], ...encodeContentItem(tree) }, { transferSyntax: 'explicit' });
    expect(decodeContentItem(dicomParser.parseDicom(bytes), 'test', true, true)).toEqual(tree);
  });
});

describe('config hash and image types', () => {
  test('srConfigHash does not depend on key order (canonical JSON)', () => {
    const config = resolveConfig({});
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(config).reverse())));
    expect(canonicalJson(reordered)).toBe(canonicalJson(config));
    expect(srConfigHash(reordered)).toBe(srConfigHash(config));
    expect(srConfigHash(config)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('features of a filtered image type carry its label as an Image type modifier and read back exactly', () => {
    const names = readdirSync(join(DIR, 'axial-shuffled')).sort();
    const files = names.map((n) => new Uint8Array(readFileSync(join(DIR, 'axial-shuffled', n))));
    const seg = new Uint8Array(readFileSync(join(DIR, 'seg-two-segments.dcm')));
    const image = readDicomSeriesFromBuffers(files);
    const result = extract(image, readSegMaskFromBytes(seg, image, { segment: 2 }), { families: ['stat'], imageTypes: [{ type: 'original' }, { type: 'mean', support: 3 }] });
    const sr = readDicomSr(toDicomSr(result, srSourcesFromDicom({ files, names }, { bytes: seg, segment: 2 })));
    expect(sr.features).toEqual(result.features);
    const filtered = result.features.find((f) => f.id.includes(':'));
    expect(filtered).toBeDefined();
    const group = sr.content.children.find((c) => c.concept?.value === DCM.imagingMeasurements.value)?.children[0];
    const num = group?.children.find((c) => c.valueType === 'NUM' && c.children.some((m) => m.valueType === 'TEXT' && m.text === filtered?.id));
    const label = filtered?.id.slice(0, filtered.id.indexOf(':'));
    expect(num?.children.some((m) => m.concept?.value === PRIVATE.imageType.value && m.valueType === 'TEXT' && m.text === label)).toBe(true);
    // MR-like fixture: no Hounsfield units anywhere; a filter response is in {intensity}.
    expect(sr.groups[0].units[filtered?.id ?? '']?.value).toMatch(/^\{intensity/);
  });
});

describe('readDicomSr errors', () => {
  test('an image is UnsupportedFormat: not a DICOM SR', () => {
    const slice = new Uint8Array(readFileSync(join(DIR, 'axial-shuffled/slice-a.dcm')));
    const e = caught(() => readDicomSr(slice, 'slice-a.dcm'));
    expect(e.code).toBe('UnsupportedFormat');
    expect(e.message).toMatch(/slice-a\.dcm: not a DICOM SR/);
  });

  test('an SR whose root is not an Imaging Measurement Report is UnsupportedFormat', () => {
    const other = writeDicom(
      { '00080016': ['UI', '1.2.840.10008.5.1.4.1.1.88.22'], '00080018': ['UI', '1.2.3.5'], '00080060': ['CS', 'SR'], ...encodeContentItem({ relationship: null, concept: { value: '18748-4', scheme: 'LN', meaning: 'Diagnostic imaging report' }, valueType: 'CONTAINER', template: null, children: [] }) },
      { transferSyntax: 'explicit' },
    );
    const e = caught(() => readDicomSr(other, 'report.dcm'));
    expect(e.code).toBe('UnsupportedFormat');
    expect(e.message).toContain('"Diagnostic imaging report"');
  });
});
