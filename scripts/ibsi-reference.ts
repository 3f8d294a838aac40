/**
 * IBSI 1 reference rows (fixtures/ibsi1-reference-values/reference_values.csv) and the comparison rule:
 * |value - reference| <= tolerance; a tolerance of 0 (none printed) means equality after rounding the
 * computed value to the reference's 3 significant digits.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ReferenceRow {
  readonly config: string;
  readonly family: string;
  readonly featureName: string;
  readonly ibsi: string;
  readonly aggregation: string | null;
  readonly value: number;
  readonly tolerance: number;
  readonly consensus: string;
}

const CSV = fileURLToPath(new URL('../fixtures/ibsi1-reference-values/reference_values.csv', import.meta.url));

export function referenceRows(config: string, family?: string): ReferenceRow[] {
  const lines = readFileSync(CSV, 'utf8').trim().split(/\r?\n/).slice(1);
  const rows: ReferenceRow[] = [];
  for (const line of lines) {
    const c = parseCsvLine(line);
    if (c[0] !== config || c[5] === '') continue;
    if (family !== undefined && c[1] !== family) continue;
    rows.push({ config: c[0], family: c[1], featureName: c[2], ibsi: c[3], aggregation: c[4] === '' ? null : c[4], value: Number(c[5]), tolerance: Number(c[6]), consensus: c[7] });
  }
  return rows;
}

const DIAGNOSTIC_CSV = fileURLToPath(new URL('../fixtures/ibsi1-reference-values/diagnostic_reference_values.csv', import.meta.url));

export interface DiagnosticRow {
  readonly config: string;
  readonly stage: string;
  readonly featureName: string;
  readonly value: number;
  readonly tolerance: number;
}

/** Rows of diagnostic_reference_values.csv for one configuration (60 per configuration A-E). */
export function diagnosticRows(config: string): DiagnosticRow[] {
  return readFileSync(DIAGNOSTIC_CSV, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map(parseCsvLine)
    .filter((c) => c[0] === config)
    .map((c) => ({ config: c[0], stage: c[1], featureName: c[2], value: Number(c[3]), tolerance: Number(c[4]) }));
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; }
    else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Rounds to n significant digits. */
export function toSignificant(x: number, n = 3): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(n));
}

export function matchesReference(value: number | null, row: ReferenceRow): boolean {
  if (value === null || !Number.isFinite(value)) return false;
  if (row.tolerance === 0) return toSignificant(value, 3) === toSignificant(row.value, 3);
  // Small epsilon guards the printed tolerance against binary rounding of the decimal values.
  return Math.abs(value - row.value) <= row.tolerance * (1 + 1e-9);
}

/** The family short names of the registry, keyed by the reference CSV's family heading. */
export interface FeatureLike {
  readonly id: string;
  readonly family: string;
  readonly name: string;
  readonly ibsi: string | null;
  readonly aggregation: string | null;
  readonly value: number | null;
}

/**
 * The computed feature a reference row refers to: same family (by title), same IBSI code (and the same
 * name where a code is shared, e.g. IVH BC2M), same aggregation, distance 1 where ids carry one.
 */
export function findFeature(features: readonly FeatureLike[], row: ReferenceRow, familyOfTitle: (title: string) => string | undefined): FeatureLike | undefined {
  const family = familyOfTitle(row.family);
  const candidates = features.filter((f) => f.family === family && f.ibsi === row.ibsi && f.aggregation === row.aggregation && !/\.d(?!1$)\d+$/.test(f.id));
  if (candidates.length <= 1) return candidates[0];
  return candidates.find((f) => f.name === row.featureName);
}
