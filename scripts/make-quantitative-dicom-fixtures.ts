/**
 * Writes fixtures/dicom-quantitative/ (see its SOURCE.md and scripts/quantitative-fixture-spec.ts) with our
 * fixture writer: a T1 Parametric Map (Float Pixel Data), an ADC Parametric Map (Double Float Pixel Data),
 * a classic MR series whose true values come from a Real World Value Mapping, and the same MR series
 * without one. Deterministic. Run: npx tsx scripts/make-quantitative-dicom-fixtures.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ds, writeDicom, type DataSetSpec } from '../src/io/dicom/writer.js';
import { STUDY_UID, normalOf, phantomValue, worldOf, type SeriesSpec } from './dicom-fixture-spec.js';
import { ADC_MAP, PLAIN_MR_SERIES, RWVM_SERIES, T1_MAP } from './quantitative-fixture-spec.js';

/** fixtures/dicom-quantitative/, or OUT_ROOT/dicom-quantitative/ when a folder is given (reproduction check). */
const OUT = join(process.argv[2] ?? fileURLToPath(new URL('../fixtures/', import.meta.url)), 'dicom-quantitative');
const PARAMETRIC_MAP = '1.2.840.10008.5.1.4.1.1.30';
const MR_IMAGE = '1.2.840.10008.5.1.4.1.1.4';
const vec = (v: readonly number[]) => v.map(ds);

function write(path: string, bytes: Uint8Array | string): void {
  const p = join(OUT, path);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, bytes);
}

interface Units {
  readonly code: string;
  readonly scheme: string;
  readonly meaning: string;
}

/** One Real World Value Mapping item (PS3.3 C.7.6.16.2.11): identity of stored to real value unless told. */
function rwvmItem(label: string, units: Units | null, slope: number, intercept: number, first: number, last: number, floats: boolean): DataSetSpec {
  return {
    '00283003': ['LO', `${label} mapping`],
    '00409210': ['SH', label],
    ...(floats ? { '00409213': ['FD', last], '00409214': ['FD', first] } : { '00409211': ['US', last], '00409216': ['US', first] }),
    '00409224': ['FD', intercept],
    '00409225': ['FD', slope],
    ...(units === null ? {} : { '004008ea': ['SQ', [{ '00080100': ['SH', units.code], '00080102': ['SH', units.scheme], '00080104': ['LO', units.meaning] }]] }),
  } as DataSetSpec;
}

/**
 * The modules every fixture shares (Patient, General Study, General Series, Frame of Reference, General
 * Equipment, Image Pixel, SOP Common): Type 1 values and Type 2 elements present (empty: unknown, or a
 * fixed date), so that dciodvfy finds none missing. Empty Type 2 values read as null, so the volume's
 * metadata is unchanged.
 */
function common(s: SeriesSpec, sopClass: string, sop: string, seriesNumber: number): DataSetSpec {
  return {
    '00080016': ['UI', sopClass],
    '00080018': ['UI', sop],
    '00080020': ['DA', FIXED_DATE],
    '00080030': ['TM', FIXED_TIME],
    '00080050': ['SH', ''],
    '00080060': ['CS', 'MR'],
    '00080070': ['LO', ''],
    '00080090': ['PN', ''],
    '0008103e': ['LO', 'quantitative fixture'],
    '00100010': ['PN', 'Fixture^Synthetic'],
    '00100020': ['LO', 'FIX001'],
    '00100030': ['DA', ''],
    '00100040': ['CS', ''],
    '0020000d': ['UI', STUDY_UID],
    '0020000e': ['UI', s.seriesUid],
    '00200010': ['SH', 'FIXTURE'],
    '00200011': ['IS', String(seriesNumber)],
    '00200052': ['UI', s.frameOfReferenceUid],
    '00201040': ['LO', ''],
    '00280002': ['US', 1],
    '00280004': ['CS', 'MONOCHROME2'],
    '00280010': ['US', s.rows],
    '00280011': ['US', s.columns],
  };
}

/** Image Type and Frame Type of a map (PS3.3 C.8.32.3.1): derived, primary, a volume, its quantity (MR's defined terms: T1, ADC). */
const mapImageType = (label: string) => ['DERIVED', 'PRIMARY', 'VOLUME', label === 'T1' ? 'T1_MAP' : label];
/** A fixed Study and Content Date and Time, so the fixtures are the same bytes on every run. */
const FIXED_DATE = '20250101';
const FIXED_TIME = '120000';

/** A Parametric Map (enhanced multi-frame, float or double pixel data) of quantity(value(p)). */
function parametricMap(spec: typeof T1_MAP | typeof ADC_MAP, quantity: (v: number) => number, double: boolean): void {
  const s = spec.series;
  const n = normalOf(s);
  const per = s.rows * s.columns;
  const values = double ? new Float64Array(per * s.slices) : new Float32Array(per * s.slices);
  for (let k = 0; k < s.slices; k++) for (let j = 0; j < s.rows; j++) for (let i = 0; i < s.columns; i++) values[k * per + j * s.columns + i] = quantity(phantomValue(worldOf(s, i, j, k)));
  // Multi-frame Dimension (PS3.3 C.7.6.17): frames indexed by Stack ID and In-Stack Position Number.
  const dimensions = `${s.seriesUid}.100`;
  const dimension = (pointer: string) => ({ '00209164': ['UI', dimensions], '00209165': ['AT', pointer], '00209167': ['AT', '00209111'] }) as DataSetSpec;
  const dataSet: DataSetSpec = {
    ...common(s, PARAMETRIC_MAP, `${s.seriesUid}.1`, spec.seriesNumber),
    '00080008': ['CS', mapImageType(spec.label)],
    '00080023': ['DA', FIXED_DATE],
    '00080033': ['TM', FIXED_TIME],
    // Enhanced General Equipment (Type 1): this generator.
    '00080070': ['LO', 'radiomics'],
    '00081090': ['LO', 'make-quantitative-dicom-fixtures'],
    '00181000': ['LO', '1'],
    '00181020': ['LO', '1'],
    '00189004': ['CS', 'RESEARCH'],
    '00200013': ['IS', '1'],
    '00209221': ['SQ', [{ '00209164': ['UI', dimensions] }]],
    '00209222': ['SQ', [dimension('00209056'), dimension('00209057')]],
    // Parametric Map Image (C.8.32.3): float samples carry no Bits Stored or High Bit.
    '00280008': ['IS', String(s.slices)],
    '00280100': ['US', double ? 64 : 32],
    '00280301': ['CS', 'NO'],
    '00280302': ['CS', 'NO'],
    '00282110': ['CS', '00'],
    '00400555': ['SQ', []],
    '00700080': ['CS', `${spec.label}_MAP`],
    '00700081': ['LO', ''],
    '00700084': ['PN', ''],
    '20500020': ['CS', 'IDENTITY'],
    '52009229': ['SQ', [{
      // Frame Anatomy (C.7.6.16.2.8): the region, laterality unknown; it takes the place of the series' Laterality.
      '00209071': ['SQ', [{ '00082218': ['SQ', [{ '00080100': ['SH', '12738006'], '00080102': ['SH', 'SCT'], '00080104': ['LO', 'Brain'] }]], '00209072': ['CS', 'U'] }]],
      '00209116': ['SQ', [{ '00200037': ['DS', vec([...s.row, ...s.column])] }]],
      // Identity Pixel Value Transformation (C.7.6.16.2.9b): float values are not rescaled.
      '00289110': ['SQ', [{ '00280030': ['DS', vec(s.pixelSpacing)], '00180050': ['DS', ds(s.sliceStep)] }]],
      '00289145': ['SQ', [{ '00281052': ['DS', '0'], '00281053': ['DS', '1'], '00281054': ['LO', 'US'] }]],
      // Float data carry real values already: the mapping is the identity, with the units.
      '00409092': ['SQ', [{ '00089007': ['CS', mapImageType(spec.label)] }]],
      '00409096': ['SQ', [rwvmItem(spec.label, spec.units, 1, 0, -1e9, 1e9, true)]],
    }]],
    '52009230': ['SQ', Array.from({ length: s.slices }, (_, k) => ({
      '00209111': ['SQ', [{ '00209056': ['SH', '1'], '00209057': ['UL', k + 1], '00209157': ['UL', [1, k + 1]] }]],
      '00209113': ['SQ', [{ '00200032': ['DS', vec([0, 1, 2].map((d) => s.origin[d] + n[d] * k * s.sliceStep))] }]],
    }) as DataSetSpec)],
    [double ? '7fe00009' : '7fe00008']: [double ? 'OD' : 'OF', new Uint8Array(values.buffer)],
  };
  write(spec.file, writeDicom(dataSet, { transferSyntax: 'explicit' }));
}

/** Classic MR slices, stored = round(storedScale value(p)); with the RWVM items when given. */
function classicMr(folder: string, s: SeriesSpec, seriesNumber: number, storedScale: number, rwvm: readonly DataSetSpec[]): void {
  const n = normalOf(s);
  for (let k = 0; k < s.slices; k++) {
    const pixels = new Uint16Array(s.rows * s.columns);
    for (let j = 0; j < s.rows; j++) for (let i = 0; i < s.columns; i++) pixels[j * s.columns + i] = Math.round(storedScale * phantomValue(worldOf(s, i, j, k)));
    const dataSet: DataSetSpec = {
      ...common(s, MR_IMAGE, `${s.seriesUid}.${k + 1}`, seriesNumber),
      // MR Image module (PS3.3 C.8.3.1): Type 1 values of a plain spin echo, Type 2 left empty (unknown).
      '00080008': ['CS', rwvm.length === 0 ? ['ORIGINAL', 'PRIMARY', 'OTHER'] : ['DERIVED', 'PRIMARY', 'DIFFUSION MAP']],
      '00180020': ['CS', 'SE'],
      '00180021': ['CS', 'NONE'],
      '00180022': ['CS', ''],
      '00180023': ['CS', '2D'],
      '00180050': ['DS', ''],
      '00180080': ['DS', ''],
      '00180081': ['DS', ''],
      '00180091': ['IS', ''],
      '00185100': ['CS', 'HFS'],
      '00200062': ['CS', 'U'],
      '00200013': ['IS', String(k + 1)],
      '00200032': ['DS', vec([0, 1, 2].map((d) => s.origin[d] + n[d] * k * s.sliceStep))],
      '00200037': ['DS', vec([...s.row, ...s.column])],
      '00280030': ['DS', vec(s.pixelSpacing)],
      '00280100': ['US', 16],
      '00280101': ['US', 16],
      '00280102': ['US', 15],
      '00280103': ['US', 0],
      '00281052': ['DS', '0'],
      '00281053': ['DS', '1'],
      ...(rwvm.length === 0 ? {} : { '00409096': ['SQ', rwvm] }),
      '7fe00010': ['OW', pixels],
    };
    write(join(folder, `slice-${k + 1}.dcm`), writeDicom(dataSet, { transferSyntax: 'explicit' }));
  }
}

function main(): void {
  rmSync(OUT, { recursive: true, force: true });
  parametricMap(T1_MAP, (v) => T1_MAP.scale * v, false);
  parametricMap(ADC_MAP, (v) => v + ADC_MAP.offset, true);
  const r = RWVM_SERIES;
  classicMr(r.folder, r.series, r.seriesNumber, r.storedScale, [rwvmItem('RAW', null, 1, 0, 0, 65535, false), rwvmItem(r.label, r.units, r.slope, r.intercept, 0, 65535, false)]);
  classicMr(PLAIN_MR_SERIES.folder, PLAIN_MR_SERIES.series, PLAIN_MR_SERIES.seriesNumber, 1, []);
  write('SOURCE.md', `# Quantitative MRI DICOM fixtures

Made by \`npx tsx scripts/make-quantitative-dicom-fixtures.ts\` (writer: src/io/dicom/writer.ts; what they hold:
scripts/quantitative-fixture-spec.ts, which the tests import). Deterministic; no patient data; licence: the
project's (Apache-2.0). Values derive from value(p) = 2x + 3y + 5z at each voxel centre (as fixtures/dicom/).

| file or folder | what it tests |
|---|---|
| ${T1_MAP.file} | Parametric Map IOD, Float Pixel Data (7FE0,0008), 4 frames (enhanced MR grid): T1 = ${T1_MAP.scale} value(p) ms; identity Real World Value Mapping in the shared functional groups with units ms (UCUM) |
| ${ADC_MAP.file} | Parametric Map IOD, Double Float Pixel Data (7FE0,0009): ADC = value(p) + ${ADC_MAP.offset} um2/s (UCUM) |
| ${r.folder}/ | classic MR, unsigned 16-bit, stored round(${r.storedScale} value(p)), Rescale Slope 1, Real World Value Mapping of two items: the first without units (skipped), the second slope ${r.slope} mm2/s (UCUM) |
| ${PLAIN_MR_SERIES.folder}/ | classic MR without Real World Value Mapping (a quantitative preset warns) |

dicom3tools' dciodvfy finds no error in the Parametric Maps (all mandatory modules of the IOD: Enhanced General
Equipment, Multi-frame Dimension by Stack ID and In-Stack Position, Identity Pixel Value Transformation, Parametric
Map Frame Type, Frame Anatomy, Content Identification, Acquisition Context) or in ${PLAIN_MR_SERIES.folder}/; in
${r.folder}/ it reports one, on purpose: the first mapping item has no Measurement Units Code Sequence (Type 1),
which the reader must skip. The classic MR slices keep Rescale Slope and Intercept (outside the MR Image IOD, as
scanners write them): the reader must prefer the mapping. test/io/dicom/quantitative.fixtures.test.ts runs
dciodvfy where it is installed.
`);
}

main();
