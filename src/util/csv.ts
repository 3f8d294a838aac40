import { RadiomicsError } from '../errors.js';

/**
 * CSV per RFC 4180: comma-separated fields, records ended by CRLF or LF, fields that hold a comma, quote
 * or line break enclosed in double quotes, a quote inside a quoted field doubled. The first record is
 * the header. A trailing line break is optional; a blank last line is ignored. Every record must have
 * as many fields as the header (else InvalidArgument naming the line).
 */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function parseCsv(text: string, file = 'CSV', code: 'InvalidArgument' | 'InvalidManifest' = 'InvalidArgument'): CsvTable {
  const records: string[][] = [];
  const lines: number[] = []; // line on which each record starts
  let field = '';
  let record: string[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  let quotedField = false;
  let recordLine = 1;
  while (i < n) {
    const c = text[i];
    if (c === '"' && field === '' && !quotedField) {
      // quoted field: read to the closing quote
      quotedField = true;
      i++;
      for (;;) {
        if (i >= n) throw new RadiomicsError(code, `${file}: line ${line}: unterminated quoted field`, { file, line });
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      const next = text[i];
      if (i < n && next !== ',' && next !== '\n' && next !== '\r') {
        throw new RadiomicsError(code, `${file}: line ${line}: text after a closing quote`, { file, line });
      }
      continue;
    }
    if (c === ',') { record.push(field); field = ''; quotedField = false; i++; continue; }
    if (c === '\r' || c === '\n') {
      record.push(field);
      records.push(record);
      lines.push(recordLine);
      record = [];
      field = '';
      quotedField = false;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (c === '"') throw new RadiomicsError(code, `${file}: line ${line}: a quote inside an unquoted field`, { file, line });
    field += c;
    i++;
  }
  if (field !== '' || record.length > 0 || quotedField) { record.push(field); records.push(record); lines.push(recordLine); }
  // a blank record (an empty last line, or blank lines) carries no data
  const kept = records.map((r, k) => ({ r, line: lines[k] })).filter(({ r }) => !(r.length === 1 && r[0] === ''));
  if (kept.length === 0) throw new RadiomicsError(code, `${file}: empty CSV (no header)`, { file });
  const header = kept[0].r;
  for (const { r, line: at } of kept.slice(1)) {
    if (r.length !== header.length) throw new RadiomicsError(code, `${file}: line ${at} has ${r.length} cells but the header has ${header.length}`, { file, line: at });
  }
  return { header, rows: kept.slice(1).map(({ r }) => r) };
}

/** One CSV field: quoted when it holds a comma, quote or line break. */
export function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text of a table (LF line ends, trailing LF); parseCsv of it gives the table back. */
export function formatCsv(table: CsvTable): string {
  return `${[table.header, ...table.rows].map((r) => r.map(csvField).join(',')).join('\n')}\n`;
}

/**
 * A CSV cell as a number: '' (and NA, NaN, null) is missing (null); anything else must be a finite
 * decimal number, else the result is undefined (the column is not numeric).
 */
export function csvNumber(cell: string): number | null | undefined {
  const t = cell.trim();
  if (t === '' || t === 'NA' || t === 'NaN' || t === 'nan' || t === 'null') return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}
