import { RadiomicsError } from '../errors.js';
import { formatCsv, type CsvTable } from '../index.js';

/**
 * Parses CSV text (RFC 4180: quoted cells may hold commas, quotes doubled, line breaks; CRLF or LF line
 * ends; a final line break is optional; blank lines are skipped). The first row is the header; every
 * row must have as many cells as the header, else an InvalidManifest error naming the file and line.
 * Cells are kept as strings, so a table read back and written with formatCsv is byte-identical.
 */
export function parseCsv(text: string, file: string): CsvTable {
  const records: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let any = false;
  const endRecord = () => {
    cells.push(cell);
    if (any || cells.length > 1 || cell !== '') records.push({ cells, line: start });
    cells = [];
    cell = '';
    any = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
      any = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else cell += ch;
  }
  if (quoted) throw new RadiomicsError('InvalidManifest', `${file}: line ${start}: a quoted cell is not closed`, { file, line: start });
  endRecord();
  if (records.length === 0) throw new RadiomicsError('InvalidManifest', `${file}: empty CSV file (no header)`, { file });
  const header = records[0].cells;
  for (const r of records.slice(1)) {
    if (r.cells.length !== header.length) {
      throw new RadiomicsError('InvalidManifest', `${file}: line ${r.line} has ${r.cells.length} cells but the header has ${header.length}`, { file, line: r.line });
    }
  }
  return { header, rows: records.slice(1).map((r) => r.cells) };
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
