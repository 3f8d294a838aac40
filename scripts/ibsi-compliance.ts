/**
 * Runs the library on the IBSI reference data and compares with every reference row. Shared by the
 * IBSI tests and the generator of docs/ibsi-compliance.md, so both report the same thing.
 */
import { fileURLToPath } from 'node:url';
import { extract, FAMILIES, type Diagnostics, type ExtractResult } from '../src/index.js';
import { readDicomSeries, readMask, readRtstructMask, readVolume } from '../src/node.js';
import { diagnosticRows, findFeature, matchesReference, referenceRows, type ReferenceRow } from './ibsi-reference.js';

export const REFERENCE_SETS = ['digital_phantom', 'A', 'B', 'C', 'D', 'E'] as const;
export type ReferenceSet = (typeof REFERENCE_SETS)[number];

export interface ComplianceRow {
  readonly row: ReferenceRow;
  readonly featureId: string | null;
  readonly value: number | null;
  readonly pass: boolean;
}

export interface ComplianceSet {
  readonly set: ReferenceSet;
  readonly rows: readonly ComplianceRow[];
  readonly total: number;
  /** Diagnostic rows (configurations A-E; none for the digital phantom). */
  readonly diagnostics: readonly DiagnosticComparison[];
}

const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));

/** Short family name for a reference CSV family heading. */
export function familyOfTitle(title: string): string | undefined {
  return Object.entries(FAMILIES).find(([, f]) => f.title === title)?.[0];
}

export function runDigitalPhantom(): ExtractResult {
  const image = fixture('ibsi1-digital-phantom/phantom.nii.gz');
  const mask = fixture('ibsi1-digital-phantom/mask.nii.gz');
  return extract(readVolume(image), readMask(mask, 1), {}, { preset: 'ibsi1-digital-phantom', imageFile: 'phantom.nii.gz', maskFile: 'mask.nii.gz' });
}

export function compare(result: ExtractResult, rows: readonly ReferenceRow[]): ComplianceRow[] {
  return rows.map((row) => {
    const f = findFeature(result.features, row, familyOfTitle);
    const value = f?.value ?? null;
    return { row, featureId: f?.id ?? null, value, pass: f !== undefined && matchesReference(value, row) };
  });
}

/** The IBSI CT phantom (PAT1, GTV-1) under preset ibsi1-<config>. */
export function runCtPhantom(config: Exclude<ReferenceSet, 'digital_phantom'>): ExtractResult {
  const image = fixture('ibsi1-ct-phantom/image.nii.gz');
  const mask = fixture('ibsi1-ct-phantom/mask.nii.gz');
  return extract(readVolume(image), readMask(mask, 1), {}, { preset: `ibsi1-${config}`, imageFile: 'image.nii.gz', maskFile: 'mask.nii.gz' });
}

/** Voxel agreement of two masks on one grid: Dice 2|A and B| / (|A| + |B|) and the count of differing voxels. */
export function maskAgreement(a: ArrayLike<number>, b: ArrayLike<number>): { a: number; b: number; both: number; differing: number; dice: number } {
  let na = 0;
  let nb = 0;
  let both = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] !== 0 ? 1 : 0;
    const y = b[i] !== 0 ? 1 : 0;
    na += x;
    nb += y;
    both += x & y;
  }
  return { a: na, b: nb, both, differing: na + nb - 2 * both, dice: na + nb === 0 ? 1 : (2 * both) / (na + nb) };
}

/** Configuration C of the CT phantom from DICOM + RTSTRUCT, with the GTV-1 mask agreement against the NIfTI mask. */
export function dicomComplianceSet(): ComplianceSet & { readonly mask: ReturnType<typeof maskAgreement> } {
  const image = readDicomSeries(fixture('ibsi1-ct-phantom/dicom/image'));
  const rtMask = readRtstructMask(fixture('ibsi1-ct-phantom/dicom/mask/DCM_RS_00060.dcm'), image, 'GTV-1');
  const niftiMask = readVolume(fixture('ibsi1-ct-phantom/mask.nii.gz'));
  const rows = referenceRows('C');
  const result = extract(image, rtMask, {}, { preset: 'ibsi1-C', imageFile: 'dicom/image', maskFile: 'dicom/mask/DCM_RS_00060.dcm' });
  return {
    set: 'C',
    rows: compare(result, rows),
    total: rows.length,
    diagnostics: compareDiagnostics('C', result),
    mask: maskAgreement(rtMask.volume.voxels.data, niftiMask.voxels.data),
  };
}

export function runReferenceSet(set: ReferenceSet): ExtractResult {
  return set === 'digital_phantom' ? runDigitalPhantom() : runCtPhantom(set);
}

export interface DiagnosticComparison {
  readonly set: string;
  readonly stage: string;
  readonly featureName: string;
  readonly reference: number;
  readonly tolerance: number;
  readonly value: number | null;
  readonly pass: boolean;
}

const STAGES: Readonly<Record<string, keyof Diagnostics>> = {
  'initial image': 'initialImage',
  'interpolated image': 'interpolatedImage',
  'initial ROI': 'initialRoi',
  'interpolated ROI': 'interpolatedRoi',
  'resegmented ROI': 'resegmentedRoi',
};

/** The diagnostic value a row of diagnostic_reference_values.csv names. */
function diagnosticValue(d: Diagnostics, stage: string, name: string): number | null {
  const s = d[STAGES[stage]] as unknown as Record<string, unknown>;
  const axis = { x: 0, y: 1, z: 2 }[name.slice(-1)] ?? -1;
  const pick = (k: string) => (s[k] as readonly number[])[axis];
  if (name.startsWith('Image dimension')) return pick('dimensions');
  if (name.startsWith('Voxel dimension')) return pick('spacing');
  if (name.startsWith('Int. mask dimension')) return pick('maskDimensions');
  if (name.startsWith('Int. mask bounding box dimension')) return pick('intensityBoundingBox');
  if (name.startsWith('Morph. mask bounding box dimension')) return pick('morphologicalBoundingBox');
  const scalar: Record<string, string> = {
    'Int. mask voxel count': 'intensityVoxels',
    'Morph. mask voxel count': 'morphologicalVoxels',
    'Mean intensity': 'mean',
    'Minimum intensity': 'min',
    'Maximum intensity': 'max',
    'Int. mask mean intensity': 'mean',
    'Int. mask minimum intensity': 'min',
    'Int. mask maximum intensity': 'max',
  };
  const k = scalar[name];
  return k === undefined ? null : (s[k] as number);
}

export function compareDiagnostics(set: string, result: ExtractResult): DiagnosticComparison[] {
  return diagnosticRows(set).map((r) => {
    const value = diagnosticValue(result.provenance.diagnostics, r.stage, r.featureName);
    const row = { value: r.value, tolerance: r.tolerance } as ReferenceRow;
    return { set, stage: r.stage, featureName: r.featureName, reference: r.value, tolerance: r.tolerance, value, pass: matchesReference(value, row) };
  });
}

export function complianceSets(): ComplianceSet[] {
  return REFERENCE_SETS.map((set) => {
    const rows = referenceRows(set);
    const result = runReferenceSet(set);
    return { set, rows: compare(result, rows), total: rows.length, diagnostics: compareDiagnostics(set, result) };
  });
}
