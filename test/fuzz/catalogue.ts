/**
 * The fuzz catalogue: one row per reader, each with its fixture files (valid inputs, from fixtures/ or
 * built by the test helpers) and the mutators applied to them. A new reader or transfer syntax is one
 * more row: e.g. the compressed DICOM syntaxes (JPEG, JPEG-LS, JPEG 2000, HTJ2K; src/io/codecs/) add a
 * row whose fixtures are their files and whose mutators are BYTE_MUTATORS, DICOM_MUTATORS and
 * nestedSequences, with `read` the series reader.
 *
 * `read` takes the mutated bytes and the file's name (errors must name it) and returns what the reader
 * returns; `plausible` says what is wrong with a result that came back (null when nothing is).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'fflate';
import { stringify as yamlStringify } from 'yaml';
import { parseConfigText } from '../../src/cli/common.js';
import { parseManifest } from '../../src/cli/manifest.js';
import { DEFAULTS, resolveConfig } from '../../src/config.js';
import { unusableGeometry } from '../../src/image/geometry.js';
import type { Mask, Volume } from '../../src/image/volume.js';
import { readDicomSeriesFromBuffers } from '../../src/io/dicom/series.js';
import { readDicomSeriesFromBuffersAsync } from '../../src/io/dicom/seriesAsync.js';
import { createCodecLoader } from '../../src/io/codecs/index.js';
import { rasteriseRtstruct } from '../../src/io/dicom/rtstruct.js';
import { readSegMaskFromBytes } from '../../src/io/dicom/seg.js';
import { readNifti } from '../../src/io/nifti.js';
import { readNrrd } from '../../src/io/nrrd.js';
import { parsePyradiomicsParams } from '../../src/pyradiomics/params.js';
import { nifti1Bytes, nifti2Bytes } from '../io/nifti-bytes.js';
import {
  BYTE_MUTATORS,
  DICOM_MUTATORS,
  NIFTI1_FIELDS,
  NIFTI2_FIELDS,
  TEXT_MUTATORS,
  headerFields,
  insideGzip,
  nestedSequences,
  niftiLittleEndian,
  nrrdFields,
  type Mutator,
} from './mutators.js';

export interface FuzzFixture {
  readonly name: string;
  readonly bytes: () => Uint8Array;
  /** Bytes the allocation budget is measured against when larger than the file (inflated size of a compressed file). */
  readonly basisBytes?: number;
}

export interface FuzzRow {
  readonly name: string;
  readonly fixtures: readonly FuzzFixture[];
  readonly mutators: readonly Mutator[];
  readonly read: (bytes: Uint8Array, file: string) => unknown | Promise<unknown>;
  readonly plausible: (result: unknown) => string | null;
  /**
   * Run once before the row's cases, outside their budgets: what a reader loads once per process (a
   * codec's WebAssembly module and its memory, tens of MB) is not an allocation of the case that first needs it.
   */
  readonly warmUp?: () => Promise<unknown>;
}

const ROOT = fileURLToPath(new URL('../../fixtures/', import.meta.url));

function file(path: string): FuzzFixture {
  const bytes = new Uint8Array(readFileSync(join(ROOT, path)));
  const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
  return { name: path, bytes: () => bytes, ...(gz ? { basisBytes: gunzipSync(bytes).length } : {}) };
}

function built(name: string, make: () => Uint8Array): FuzzFixture {
  const bytes = make();
  return { name, bytes: () => bytes };
}

const files = (dir: string) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.dcm')).sort().map((f) => `${dir}/${f}`);

// ---------------------------------------------------------------- plausibility

export function volumeProblem(v: unknown): string | null {
  const vol = v as Volume;
  if (vol === null || typeof vol !== 'object' || vol.voxels === undefined) return 'not a volume';
  if (!vol.shape.every((n) => Number.isInteger(n) && n >= 1)) return `shape [${vol.shape.join(', ')}]`;
  if (vol.voxels.data.length !== vol.shape[0] * vol.shape[1] * vol.shape[2]) return `${vol.voxels.data.length} voxels for shape [${vol.shape.join(', ')}]`;
  const g = unusableGeometry(vol);
  return g === null ? null : `unusable ${g}: spacing [${vol.spacing.join(', ')}], origin [${vol.origin.join(', ')}], direction [${vol.direction.join(', ')}]`;
}

function maskProblem(reference: Volume): (m: unknown) => string | null {
  return (m) => {
    const mask = m as Mask;
    const p = volumeProblem(mask?.volume);
    if (p !== null) return p;
    if (mask.volume.shape.some((n, k) => n !== reference.shape[k])) return 'mask shape differs from the reference';
    for (const v of mask.volume.voxels.data) if (v !== 0 && v !== 1) return `mask value ${v}`;
    return null;
  };
}

const objectProblem = (what: string) => (r: unknown) => (r !== null && typeof r === 'object' ? null : `${what} is ${typeof r}`);

// ---------------------------------------------------------------- NIfTI

const niftiBase = { dim: [3, 5, 4, 3], values: Array.from({ length: 60 }, (_, i) => (i * 37) % 200 - 50), dtype: 'int16' as const, pixdim: [1, 0.8, 0.9, 2.5, 1, 1, 1, 1] };
const NIFTI_FIXTURES: readonly FuzzFixture[] = [
  built('nifti1 LE sform (built)', () => nifti1Bytes({ ...niftiBase, sformCode: 1, srow: [-0.8, 0, 0, 10, 0, -0.9, 0, 20, 0, 0, 2.5, -30] })),
  built('nifti1 BE qform (built)', () => nifti1Bytes({ ...niftiBase, littleEndian: false, qformCode: 1, quatern: [0, 0, 0.3826834, 5, 6, 7] })),
  built('nifti2 LE sform (built)', () => nifti2Bytes({ ...niftiBase, dtype: 'float32', sformCode: 2, srow: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0] })),
  built('nifti2 BE pixdim (built)', () => nifti2Bytes({ ...niftiBase, littleEndian: false })),
  built('ibsi1-digital-phantom/phantom.nii (gunzipped)', () => gunzipSync(new Uint8Array(readFileSync(join(ROOT, 'ibsi1-digital-phantom/phantom.nii.gz'))))),
];
const niftiFields = (bytes: Uint8Array) => (bytes.length >= 8 && [540, 0x1c020000].includes(new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, true)) ? NIFTI2_FIELDS : NIFTI1_FIELDS);
const niftiHeader: Mutator = {
  name: 'NIfTI header fields set to extremes',
  apply: (bytes, rng) => headerFields('nifti', niftiFields(bytes), niftiLittleEndian).apply(bytes, rng),
};

const readNiftiRow = (bytes: Uint8Array, name: string) => readNifti(bytes, { file: name });

// ---------------------------------------------------------------- DICOM

function seriesRow(name: string, fixtures: readonly string[], mutators: readonly Mutator[], reader: 'sync' | 'codecs' = 'sync'): FuzzRow {
  const buffers = fixtures.map((f) => new Uint8Array(readFileSync(join(ROOT, f))));
  // One codec loader for the row: each codec's WebAssembly is instantiated once, not once per case.
  const codecs = reader === 'codecs' ? createCodecLoader() : null;
  // One fixture per file of the series: that file is mutated, the others stay as they are.
  return {
    name,
    fixtures: fixtures.map((f, i) => ({ name: f, bytes: () => buffers[i] })),
    mutators,
    read: (bytes, fileName) => {
      const i = fixtures.indexOf(fileName);
      const all = buffers.map((b, k) => (k === i ? bytes : b));
      return codecs === null ? readDicomSeriesFromBuffers(all, { files: fixtures }) : readDicomSeriesFromBuffersAsync(all, { files: fixtures, codecs });
    },
    plausible: volumeProblem,
    ...(codecs === null ? {} : { warmUp: () => readDicomSeriesFromBuffersAsync(buffers, { files: fixtures, codecs }) }),
  };
}

const DICOM_ALL: readonly Mutator[] = [...BYTE_MUTATORS, ...DICOM_MUTATORS, nestedSequences];

function referenceSeries(dir: string): Volume {
  const fs = files(dir);
  return readDicomSeriesFromBuffers(fs.map((f) => new Uint8Array(readFileSync(join(ROOT, f)))), { files: fs });
}

// ---------------------------------------------------------------- text inputs

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const configJson = built('config.json (DEFAULTS)', () => encoder.encode(JSON.stringify({ ...DEFAULTS, families: ['stat', 'glcm'], resampling: { spacing: [1, 1, 1] } }, null, 2)));
const configYaml = built('config.yaml (DEFAULTS)', () => encoder.encode(yamlStringify({ ...DEFAULTS, discretisation: { method: 'fixedBinSize', width: 25 } })));
const manifest = built('manifest.csv', () => encoder.encode('id,image,mask,label,roi,site\ncase1,a.nii.gz,a-mask.nii.gz,1,tumour,A\n"case 2",b/image.nrrd,"b/mask, 2.nrrd",2,edema,B\ncase3,c.dcm,c-seg.dcm,,tumour,"x ""quoted"""\n'));

/** The catalogue. Order matters only for reports; seeds derive from row names (harness.seedOf). */
export function catalogue(): FuzzRow[] {
  const axial = referenceSeries('dicom/axial-shuffled');
  const oblique = referenceSeries('dicom/oblique');
  return [
    { name: 'NIfTI-1/2 raw (LE, BE)', fixtures: NIFTI_FIXTURES, mutators: [...BYTE_MUTATORS, niftiHeader], read: readNiftiRow, plausible: volumeProblem },
    {
      name: 'NIfTI gzip (.nii.gz)',
      fixtures: [file('ibsi1-digital-phantom/phantom.nii.gz'), file('ibsi1-digital-phantom/mask.nii.gz'), file('mri-samples/nifti/breast1_label.nii.gz')],
      mutators: [...BYTE_MUTATORS, insideGzip(niftiHeader), insideGzip(truncationOf())],
      read: readNiftiRow,
      plausible: volumeProblem,
    },
    {
      name: 'NRRD (raw, gzip, big-endian)',
      fixtures: ['phantom.raw.nrrd', 'phantom.gzip.nrrd', 'phantom.ras-oblique.be.nrrd', 'mask.raw.nrrd'].map((f) => file(`nrrd-digital-phantom/${f}`)),
      mutators: [...BYTE_MUTATORS, nrrdFields],
      read: (bytes, name) => readNrrd(bytes, { file: name }),
      plausible: volumeProblem,
    },
    {
      name: 'NRRD detached header (.nhdr + .raw)',
      fixtures: [file('nrrd-digital-phantom/phantom.nhdr')],
      mutators: [...BYTE_MUTATORS, nrrdFields],
      read: (bytes, name) => readNrrd(bytes, { file: name, dataFile: () => new Uint8Array(readFileSync(join(ROOT, 'nrrd-digital-phantom/phantom.raw'))) }),
      plausible: volumeProblem,
    },
    seriesRow('DICOM classic (axial, oblique)', [...files('dicom/axial-shuffled').slice(0, 2), ...files('dicom/oblique').slice(0, 1)].filter((f) => !f.endsWith('rtstruct.dcm')), DICOM_ALL),
    // Real 512 x 512 CT slices (83 kB): an allocation budget of 8 x the file size means something here.
    seriesRow('DICOM CT phantom (512 x 512 slices)', ['ibsi1-ct-phantom/dicom/image/DCM_IMG_00000.dcm', 'ibsi1-ct-phantom/dicom/image/DCM_IMG_00001.dcm'], [...BYTE_MUTATORS, ...DICOM_MUTATORS]),
    seriesRow('DICOM enhanced multi-frame', ['dicom/enhanced-mr.dcm'], DICOM_ALL),
    seriesRow('DICOM RLE Lossless', files('dicom/rle').slice(0, 2), DICOM_ALL),
    seriesRow('DICOM deflate', files('dicom/deflate').slice(0, 2), BYTE_MUTATORS),
    seriesRow('DICOM explicit big endian', files('dicom/big-endian').slice(0, 2), DICOM_ALL),
    // Compressed syntaxes, read through the codecs (src/io/codecs/): two files of each series.
    seriesRow('DICOM JPEG baseline (synchronous reader: CompressedPixelData)', ['dicom/jpeg-baseline.dcm'], DICOM_ALL),
    ...['jpeg-baseline', 'jpeg-extended-12bit', 'jpeg-lossless', 'jpeg-lossless-sv1', 'jpeg-ls-lossless', 'jpeg-ls-near-lossless', 'jpeg2000-lossless', 'jpeg2000-lossy', 'htj2k-lossless', 'htj2k-lossy'].map((syntax) =>
      seriesRow(`DICOM ${syntax} (codecs)`, files(`dicom-compressed/${syntax}`).slice(0, 2), DICOM_ALL, 'codecs'),
    ),
    // JPEG Extended 12-bit of real CT slices (201 x 204, 26 kB): our decoder (src/io/codecs/jpegExtended.ts) on a frame of many blocks.
    seriesRow('DICOM CT phantom, JPEG Extended 12-bit (codecs)', ['dicom-compressed/ct-phantom-jpeg-extended/DCM_IMG_00030.dcm'], DICOM_ALL, 'codecs'),
    seriesRow('DICOM enhanced multi-frame, JPEG-LS with an Extended Offset Table (codecs)', ['dicom-compressed/multiframe/enhanced-jpegls-eot.dcm'], DICOM_ALL, 'codecs'),
    seriesRow('DICOM enhanced multi-frame, JPEG 2000 (codecs)', ['dicom-compressed/multiframe/enhanced-j2k.dcm'], DICOM_ALL, 'codecs'),
    {
      name: 'RTSTRUCT',
      fixtures: [file('dicom/axial-shuffled/rtstruct.dcm'), file('dicom/oblique-rtstruct.dcm')],
      mutators: DICOM_ALL,
      read: (bytes, name) => (name.includes('oblique') ? rasteriseRtstruct(bytes, oblique, { roi: 1, file: name }) : rasteriseRtstruct(bytes, axial, { roi: 'ring', file: name })),
      plausible: (m) => maskProblem(axial)(m) === null || maskProblem(oblique)(m) === null ? null : maskProblem(axial)(m),
    },
    {
      name: 'DICOM-SEG (binary, fractional)',
      fixtures: [file('dicom/seg-two-segments.dcm'), file('dicom/seg-fractional.dcm')],
      mutators: DICOM_ALL,
      read: (bytes, name) => readSegMaskFromBytes(bytes, axial, { segment: 1, file: name }),
      plausible: maskProblem(axial),
    },
    {
      name: 'PyRadiomics parameter file (YAML)',
      fixtures: [file('pyradiomics/mr-3mm.params.yaml')],
      mutators: TEXT_MUTATORS,
      read: (bytes, name) => parsePyradiomicsParams(decoder.decode(bytes), { file: name }),
      plausible: objectProblem('params'),
    },
    {
      name: 'config file (JSON, YAML)',
      fixtures: [configJson, configYaml],
      mutators: TEXT_MUTATORS,
      read: async (bytes, name) => resolveConfig(await parseConfigText(decoder.decode(bytes), name.replace(/ .*/, ''))),
      plausible: objectProblem('config'),
    },
    {
      name: 'batch manifest (CSV)',
      fixtures: [manifest],
      mutators: TEXT_MUTATORS,
      read: (bytes, name) => parseManifest(decoder.decode(bytes), `/fuzz/${name}`),
      plausible: (r) => (Array.isArray(r) ? null : 'not a list of cases'),
    },
  ];
}

/** Truncation that keeps at least the 348-byte NIfTI-1 header start (cuts the header's tail or the voxels). */
function truncationOf(): Mutator {
  return { name: 'truncation after the magic', apply: (bytes, rng) => bytes.slice(0, 4 + Math.floor(rng() * Math.max(1, bytes.length - 4))) };
}
