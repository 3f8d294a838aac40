import type { ExtractResult } from './extract.js';

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
  readonly result: ExtractResult;
  /** Extra columns carried into the output (e.g. scanner, subject). */
  readonly extra?: Readonly<Record<string, string>>;
}

/** CSV with one row per case and one column per feature id (union over cases, first-seen order). */
export function toCsv(cases: readonly CsvCase[]): string {
  const extraCols: string[] = [];
  const featureCols: string[] = [];
  const seenExtra = new Set<string>();
  const seenFeature = new Set<string>();
  for (const c of cases) {
    for (const k of Object.keys(c.extra ?? {})) if (!seenExtra.has(k)) { seenExtra.add(k); extraCols.push(k); }
    for (const f of c.result.features) if (!seenFeature.has(f.id)) { seenFeature.add(f.id); featureCols.push(f.id); }
  }
  const lines = [['id', ...extraCols, ...featureCols].map(csvCell).join(',')];
  for (const c of cases) {
    const byId = new Map(c.result.features.map((f) => [f.id, f.value]));
    const cells = [c.id, ...extraCols.map((k) => c.extra?.[k] ?? ''), ...featureCols.map((id) => formatNumber(byId.get(id) ?? null))];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
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

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
