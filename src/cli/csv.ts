import { RadiomicsError } from '../errors.js';
import { formatCsv, parseCsv as parseCsvText, type CsvTable } from '../util/csv.js';

/** Parses a manifest or feature table (RFC 4180, src/util/csv.ts); a malformed file is InvalidManifest naming the line. */
export function parseCsv(text: string, file: string): CsvTable {
  return parseCsvText(text, file, 'InvalidManifest');
}

/** One CSV line (no line break) of cells, quoted exactly as formatCsv quotes them. */
export function csvLine(cells: readonly string[]): string {
  return formatCsv({ header: cells, rows: [] }).slice(0, -1);
}

/**
 * A table row kept as its CSV line plus the header it belongs to: the compact form in which the batch
 * command holds finished cases (one string per case instead of one per cell).
 */
export interface Row {
  readonly key: string;
  readonly header: readonly string[];
  readonly line: string;
}

/**
 * Joins rows that may come from tables with different columns: the header is the union of their
 * headers in first-seen order (so id, extra and error columns stay in front when every table has them);
 * a cell a row's table lacks is empty. Returns the whole CSV text.
 */
export function assembleCsv(rows: readonly Row[]): string {
  const header: string[] = [];
  const seen = new Set<string>();
  const headers = new Set<readonly string[]>();
  for (const r of rows) {
    if (headers.has(r.header)) continue;
    headers.add(r.header);
    for (const h of r.header) if (!seen.has(h)) { seen.add(h); header.push(h); }
  }
  const headerKey = header.join('\n');
  // Whether a row's header equals the union, once per distinct header array (rows share them).
  const same = new Map([...headers].map((h) => [h, h.join('\n') === headerKey]));
  const lines = [csvLine(header)];
  for (const r of rows) {
    if (same.get(r.header)) {
      lines.push(r.line);
      continue;
    }
    const cells = parseCsv(`${csvLine(r.header)}\n${r.line}\n`, 'row').rows[0];
    const byName = new Map(r.header.map((h, i) => [h, cells[i]]));
    lines.push(csvLine(header.map((h) => byName.get(h) ?? '')));
  }
  return `${lines.join('\n')}\n`;
}

/** Rows of a parsed table, keyed by `keyOf(cells)`, sharing one header array. */
export function tableRows(table: CsvTable, keyOf: (cells: readonly string[]) => string): Row[] {
  return table.rows.map((cells) => ({ key: keyOf(cells), header: table.header, line: csvLine(cells) }));
}
