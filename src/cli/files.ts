import { existsSync, readFileSync } from 'node:fs';
import { RadiomicsError } from '../errors.js';
import { parseCsv, type CsvTable } from '../util/csv.js';

/** Text of a file; a missing file is FileNotFound naming it. */
export function readText(path: string, what = 'file'): string {
  if (!existsSync(path)) throw new RadiomicsError('FileNotFound', `${path}: ${what} not found`, { file: path });
  return readFileSync(path, 'utf8');
}

/** A CSV file parsed by the RFC 4180 reader (errors name the file). */
export function readCsvFile(path: string): CsvTable {
  return parseCsv(readText(path, 'CSV file'), path);
}

/** A JSON file; unparsable JSON is InvalidModel naming the file. */
export function readJsonFile(path: string): unknown {
  const text = readText(path, 'JSON file');
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new RadiomicsError('InvalidModel', `${path}: not valid JSON: ${(cause as Error).message}`, { file: path }, { cause });
  }
}

/** A comma-separated option value as a list (empty items dropped). */
export function listOption(value: string | true | undefined): string[] {
  return typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s !== '') : [];
}

/** A numeric option, or its default; a non-number is a UsageError naming the option. */
export function numberOption(value: string | true | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(v)) throw new RadiomicsError('UsageError', `--${name} must be a number, got "${value}"`, { option: name });
  return v;
}

/** Shortest round-trip text of a number; '' for null. */
export function cellOf(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '' : String(v);
}
