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

function common(s: SeriesSpec, sopClass: string, sop: string): DataSetSpec {
  return {
    '00080016': ['UI', sopClass],
    '00080018': ['UI', sop],
    '00080060': ['CS', 'MR'],
    '0008103e': ['LO', 'quantitative fixture'],
    '00100010': ['PN', 'Fixture^Synthetic'],
    '00100020': ['LO', 'FIX001'],
    '0020000d': ['UI', STUDY_UID],
    '0020000e': ['UI', s.seriesUid],
    '00200052': ['UI', s.frameOfReferenceUid],
    '00280002': ['US', 1],
    '00280004': ['CS', 'MONOCHROME2'],
    '00280010': ['US', s.rows],
    '00280011': ['US', s.columns],
  };
}

/** A Parametric Map (enhanced multi-frame, float or double pixel data) of quantity(value(p)). */
function parametricMap(spec: typeof T1_MAP | typeof ADC_MAP, quantity: (v: number) => number, double: boolean): void {
  const s = spec.series;
  const n = normalOf(s);
  const per = s.rows * s.columns;
  const values = double ? new Float64Array(per * s.slices) : new Float32Array(per * s.slices);
  for (let k = 0; k < s.slices; k++) for (let j = 0; j < s.rows; j++) for (let i = 0; i < s.columns; i++) values[k * per + j * s.columns + i] = quantity(phantomValue(worldOf(s, i, j, k)));
  const dataSet: DataSetSpec = {
    ...common(s, PARAMETRIC_MAP, `${s.seriesUid}.1`),
    '00080008': ['CS', ['DERIVED', 'PRIMARY']],
    '00200013': ['IS', '1'],
    '00280008': ['IS', String(s.slices)],
    '00280100': ['US', double ? 64 : 32],
    '00280101': ['US', double ? 64 : 32],
    '00280102': ['US', double ? 63 : 31],
    '52009229': ['SQ', [{
      '00289110': ['SQ', [{ '00280030': ['DS', vec(s.pixelSpacing)], '00180050': ['DS', ds(s.sliceStep)] }]],
      '00209116': ['SQ', [{ '00200037': ['DS', vec([...s.row, ...s.column])] }]],
      // Float data carry real values already: the mapping is the identity, with the units.
      '00409096': ['SQ', [rwvmItem(spec.label, spec.units, 1, 0, -1e9, 1e9, true)]],
    }]],
    '52009230': ['SQ', Array.from({ length: s.slices }, (_, k) => ({
      '00209111': ['SQ', [{ '00209157': ['UL', [1, k + 1]] }]],
      '00209113': ['SQ', [{ '00200032': ['DS', vec([0, 1, 2].map((d) => s.origin[d] + n[d] * k * s.sliceStep))] }]],
    }) as DataSetSpec)],
    [double ? '7fe00009' : '7fe00008']: [double ? 'OD' : 'OF', new Uint8Array(values.buffer)],
  };
  write(spec.file, writeDicom(dataSet, { transferSyntax: 'explicit' }));
}

/** Classic MR slices, stored = round(storedScale value(p)); with the RWVM items when given. */
function classicMr(folder: string, s: SeriesSpec, storedScale: number, rwvm: readonly DataSetSpec[]): void {
  const n = normalOf(s);
  for (let k = 0; k < s.slices; k++) {
    const pixels = new Uint16Array(s.rows * s.columns);
    for (let j = 0; j < s.rows; j++) for (let i = 0; i < s.columns; i++) pixels[j * s.columns + i] = Math.round(storedScale * phantomValue(worldOf(s, i, j, k)));
    const dataSet: DataSetSpec = {
      ...common(s, MR_IMAGE, `${s.seriesUid}.${k + 1}`),
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
  classicMr(r.folder, r.series, r.storedScale, [rwvmItem('RAW', null, 1, 0, 0, 65535, false), rwvmItem(r.label, r.units, r.slope, r.intercept, 0, 65535, false)]);
  classicMr(PLAIN_MR_SERIES.folder, PLAIN_MR_SERIES.series, 1, []);
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
`);
}

main();
