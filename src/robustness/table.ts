/**
 * Feature tables (the CSV that toCsv and `radiomics batch` write: one row per case, an id column, extra
 * columns, one column per feature id) turned into the inputs of the agreement statistics and ComBat.
 * A column is a feature column when every non-empty cell is a finite number and it is not named as a
 * subject, repeat, batch, covariate or excluded column; other columns are carried along untouched.
 */
import { RadiomicsError } from '../errors.js';
import { FAMILY_NAMES } from '../config.js';
import { csvNumber, type CsvTable } from '../util/csv.js';
import type { Warning } from '../features/types.js';
import { agreement, constantFeatureWarning, ICC_TYPES, VARIATION_NOTES, type Agreement, type IccType } from './agreement.js';
import type { CombatCovariate, CombatData } from './combat.js';

/** The family of a feature id: the registry family whose name prefixes it (`glcm.` ...), else null. */
export function familyOf(featureId: string): string | null {
  return FAMILY_NAMES.find((f) => featureId.startsWith(`${f}.`)) ?? null;
}

function columnIndex(table: CsvTable, name: string, role: string): number {
  const i = table.header.indexOf(name);
  if (i < 0) throw new RadiomicsError('InvalidArgument', `no ${role} column "${name}"; columns: ${table.header.slice(0, 12).join(', ')}${table.header.length > 12 ? ', ...' : ''}`, { column: name, role });
  return i;
}

/** Indices of numeric columns (every non-empty cell a finite number, at least one value), minus `exclude`. */
export function numericColumns(table: CsvTable, exclude: readonly number[]): number[] {
  const out: number[] = [];
  table.header.forEach((_, c) => {
    if (exclude.includes(c)) return;
    let any = false;
    for (const row of table.rows) {
      const v = csvNumber(row[c]);
      if (v === undefined) return;
      if (v !== null) any = true;
    }
    if (any) out.push(c);
  });
  return out;
}

export interface FeatureAgreement {
  readonly id: string;
  readonly family: string | null;
  /** null when a value is missing for some subject and repeat. */
  readonly agreement: Agreement | null;
  /** ICC(type) >= threshold; null when undefined (a constant feature is never robust). */
  readonly robust: boolean | null;
  /** Why the statistics are undefined or exact, if they are (missing values, constant, perfect agreement). */
  readonly note: string | null;
}

export interface TableAgreement {
  readonly subjects: readonly string[];
  readonly repeats: readonly string[];
  readonly icc: IccType;
  readonly threshold: number;
  readonly features: readonly FeatureAgreement[];
  /** IncompleteSubjects (subjects left out), ConstantFeature (one per constant feature, naming it). */
  readonly warnings: readonly Warning[];
}

/**
 * Agreement per feature of a long table with one row per (subject, repeat). Subjects that lack a repeat are
 * dropped (the statistics need a complete n x k design) and named in `warnings`.
 */
export function agreementFromTable(table: CsvTable, options: { subject: string; repeat: string; icc?: IccType; threshold?: number; alpha?: number; exclude?: readonly string[] }): TableAgreement {
  const si = columnIndex(table, options.subject, 'subject');
  const ri = columnIndex(table, options.repeat, 'repeat');
  const icc = options.icc ?? 'ICC(1,1)';
  if (!(ICC_TYPES as readonly string[]).includes(icc)) throw new RadiomicsError('InvalidArgument', `unknown ICC type ${icc}; types: ${ICC_TYPES.join(', ')}`, { icc });
  const threshold = options.threshold ?? 0.9;
  const subjects: string[] = [];
  const repeats: string[] = [];
  const cell = new Map<string, number>();
  table.rows.forEach((row, r) => {
    const s = row[si];
    const k = row[ri];
    if (!subjects.includes(s)) subjects.push(s);
    if (!repeats.includes(k)) repeats.push(k);
    const key = `${s}\u0000${k}`;
    if (cell.has(key)) throw new RadiomicsError('InvalidArgument', `subject "${s}" has repeat "${k}" twice (rows ${(cell.get(key) as number) + 2} and ${r + 2})`, { subject: s, repeat: k });
    cell.set(key, r);
  });
  const warnings: Warning[] = [];
  const complete = subjects.filter((s) => repeats.every((k) => cell.has(`${s}\u0000${k}`)));
  if (complete.length < subjects.length) {
    const dropped = subjects.filter((s) => !complete.includes(s));
    warnings.push({ code: 'IncompleteSubjects', message: `${dropped.length} subject(s) without every repeat (${repeats.join(', ')}) left out: ${dropped.slice(0, 10).join(', ')}` });
  }
  if (complete.length < 2 || repeats.length < 2) {
    throw new RadiomicsError('InvalidArgument', `agreement needs at least 2 subjects with every repeat and 2 repeats; found ${complete.length} complete subject(s) and ${repeats.length} repeat(s)`, { subjects: complete.length, repeats: repeats.length });
  }
  const cols = numericColumns(table, [si, ri, ...(options.exclude ?? []).map((c) => columnIndex(table, c, 'excluded'))]);
  const n = complete.length;
  const k = repeats.length;
  const features = cols.map((c): FeatureAgreement => {
    const id = table.header[c];
    const data = new Float64Array(n * k);
    let ok = true;
    complete.forEach((s, i) => repeats.forEach((rep, j) => {
      const v = csvNumber(table.rows[cell.get(`${s}\u0000${rep}`) as number][c]);
      if (v === null || v === undefined) ok = false;
      else data[i * k + j] = v;
    }));
    if (!ok) return { id, family: familyOf(id), agreement: null, robust: null, note: 'missing values' };
    const a = agreement({ n, k, data }, options.alpha ?? 0.05);
    const v = a.icc[icc].value;
    if (a.anova.variation === 'constant') warnings.push(constantFeatureWarning(id, `${n} subjects x ${k} repeats`));
    return { id, family: familyOf(id), agreement: a, robust: v === null ? null : v >= threshold, note: VARIATION_NOTES[a.anova.variation] };
  });
  return { subjects: complete, repeats, icc, threshold, features, warnings };
}

export interface CombatTable {
  readonly data: CombatData;
  /** Column index of each ComBat feature in the table. */
  readonly featureColumns: readonly number[];
  /** Feature columns left out because a cell is missing (dropMissing). */
  readonly dropped: readonly string[];
}

/**
 * ComBat input from a wide table: `batch` column, covariates (continuous unless listed in `categorical`),
 * every other numeric column a feature. With dropMissing, features with an empty cell are left out (and
 * named); otherwise an empty cell is a MissingValues error naming the column and row.
 */
export function combatDataFromTable(table: CsvTable, options: { batch: string; covariates?: readonly string[]; categorical?: readonly string[]; dropMissing?: boolean; exclude?: readonly string[] }): CombatTable {
  const bi = columnIndex(table, options.batch, 'batch');
  const covNames = options.covariates ?? [];
  for (const c of options.categorical ?? []) {
    if (!covNames.includes(c)) throw new RadiomicsError('InvalidArgument', `categorical column "${c}" is not among the covariates (${covNames.join(', ') || 'none'})`, { column: c });
  }
  const covIdx = covNames.map((c) => columnIndex(table, c, 'covariate'));
  const covariates: CombatCovariate[] = covNames.map((name, q) => {
    const c = covIdx[q];
    if ((options.categorical ?? []).includes(name)) return { name, kind: 'categorical', values: table.rows.map((r) => r[c]) };
    const values = table.rows.map((r, i) => {
      const v = csvNumber(r[c]);
      if (v === null || v === undefined) throw new RadiomicsError('MissingValues', `continuous covariate "${name}" is not a number in row ${i + 2} ("${r[c]}"); list it with --categorical if it is categorical`, { covariate: name, row: i + 2 });
      return v;
    });
    return { name, kind: 'continuous', values };
  });
  const candidates = numericColumns(table, [bi, ...covIdx, ...(options.exclude ?? []).map((c) => columnIndex(table, c, 'excluded'))]);
  const dropped: string[] = [];
  const featureColumns: number[] = [];
  for (const c of candidates) {
    const missingRow = table.rows.findIndex((r) => csvNumber(r[c]) === null);
    if (missingRow < 0) featureColumns.push(c);
    else if (options.dropMissing) dropped.push(table.header[c]);
    else throw new RadiomicsError('MissingValues', `feature "${table.header[c]}" is empty in row ${missingRow + 2}; ComBat needs complete data (use --drop-missing to leave such features out)`, { feature: table.header[c], row: missingRow + 2 });
  }
  if (featureColumns.length === 0) throw new RadiomicsError('InvalidArgument', 'no numeric feature column to harmonise', {});
  const p = featureColumns.length;
  const values = new Float64Array(table.rows.length * p);
  table.rows.forEach((r, i) => featureColumns.forEach((c, j) => { values[i * p + j] = csvNumber(r[c]) as number; }));
  return { data: { features: featureColumns.map((c) => table.header[c]), values, batch: table.rows.map((r) => r[bi]), covariates }, featureColumns, dropped };
}

/** ComBat input for applying a fitted model: the model's features and covariates, read by name from the table. */
export function combatDataForModel(table: CsvTable, model: { readonly features: readonly string[]; readonly covariates: readonly ({ readonly name: string; readonly kind: 'categorical' | 'continuous' })[] }, batch: string): CombatTable {
  const bi = columnIndex(table, batch, 'batch');
  const featureColumns = model.features.map((f) => columnIndex(table, f, 'feature (of the model)'));
  const covariates: CombatCovariate[] = model.covariates.map((spec) => {
    const c = columnIndex(table, spec.name, 'covariate (of the model)');
    if (spec.kind === 'categorical') return { name: spec.name, kind: 'categorical', values: table.rows.map((r) => r[c]) };
    return { name: spec.name, kind: 'continuous', values: table.rows.map((r) => csvNumber(r[c]) ?? NaN) };
  });
  const p = featureColumns.length;
  const values = new Float64Array(table.rows.length * p);
  table.rows.forEach((r, i) => featureColumns.forEach((c, j) => { values[i * p + j] = csvNumber(r[c]) ?? NaN; }));
  return { data: { features: [...model.features], values, batch: table.rows.map((r) => r[bi]), covariates }, featureColumns, dropped: [] };
}
