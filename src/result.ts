import type { ExtractResult } from './extract.js';
import type { FeatureValue } from './features/types.js';
import { formatCsv, type CsvTable } from './util/csv.js';

/**
 * Writers for extraction results. Numbers are written with JavaScript's shortest round-trip form, so
 * a value read back from CSV or JSON equals the computed double exactly; null is an empty CSV cell.
 */

/** JSON text of one result: `{ features, warnings, provenance }`. */
export function toJson(result: ExtractResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

export interface CsvCase {
  readonly id: string;
  /** The case's features; absent when the case failed (then `error` says why). */
  readonly result?: { readonly features: readonly Pick<FeatureValue, 'id' | 'value'>[] };
  /** Why the case failed: written to the error_code and error_message columns. */
  readonly error?: { readonly code: string; readonly message: string };
  /** Extra columns carried into the output (e.g. scanner, subject). */
  readonly extra?: Readonly<Record<string, string>>;
}

export interface CsvOptions {
  /** Write error_code and error_message columns (after the extra columns). Default: when a case failed. */
  readonly errorColumns?: boolean;
}


/**
 * CSV with one row per case: id, the extra columns, error_code and error_message (see CsvOptions), then
 * one column per feature id (union over cases, first-seen order). A failed case has empty feature cells.
 */
export function toCsv(cases: readonly CsvCase[], options: CsvOptions = {}): string {
  return formatCsv(csvTable(cases, options));
}

/** The cells toCsv writes, before quoting: numbers in shortest round-trip form, null as an empty cell. */
export function csvTable(cases: readonly CsvCase[], options: CsvOptions = {}): CsvTable {
  const extraCols: string[] = [];
  const featureCols: string[] = [];
  const seenExtra = new Set<string>();
  const seenFeature = new Set<string>();
  for (const c of cases) {
    for (const k of Object.keys(c.extra ?? {})) if (!seenExtra.has(k)) { seenExtra.add(k); extraCols.push(k); }
    for (const f of c.result?.features ?? []) if (!seenFeature.has(f.id)) { seenFeature.add(f.id); featureCols.push(f.id); }
  }
  const errorCols = options.errorColumns ?? cases.some((c) => c.error !== undefined);
  const header = ['id', ...extraCols, ...(errorCols ? ['error_code', 'error_message'] : []), ...featureCols];
  const rows = cases.map((c) => {
    const byId = new Map((c.result?.features ?? []).map((f) => [f.id, f.value]));
    const errors = errorCols ? [c.error?.code ?? '', c.error?.message ?? ''] : [];
    return [c.id, ...extraCols.map((k) => c.extra?.[k] ?? ''), ...errors, ...featureCols.map((id) => formatNumber(byId.get(id) ?? null))];
  });
  return { header, rows };
}

/** A plain-text table (id, IBSI code, aggregation, value) for terminals. */
export function toTable(result: ExtractResult): string {
  const rows = result.features.map((f) => [f.id, f.ibsi ?? '-', f.value === null ? 'null' : formatSignificant(f.value)]);
  const head = ['feature', 'IBSI', 'value'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  const lines = [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)];
  for (const w of result.warnings) lines.push(`warning ${w.code}: ${w.message}`);
  return `${lines.join('\n')}\n`;
}

function formatNumber(v: number | null): string {
  return v === null ? '' : String(v);
}

function formatSignificant(v: number): string {
  if (v === 0 || Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

