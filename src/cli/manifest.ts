import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { RadiomicsError } from '../errors.js';
import { parseCsv } from './csv.js';

/** One manifest row: where its files are and what it carries to the output. */
export interface ManifestCase {
  /** Unique key: the id, or id and roi when the manifest has a roi column (one row per ROI of a subject). */
  readonly key: string;
  readonly id: string;
  /** Absolute paths (relative ones are resolved against the manifest's folder). */
  readonly image: string;
  readonly mask: string;
  /** Mask label of the ROI; the label column, default 1. */
  readonly label: number;
  /** Columns carried to the output, in manifest order: roi, label and any others except image and mask. */
  readonly extra: Readonly<Record<string, string>>;
}

const REQUIRED = ['id', 'image', 'mask'] as const;

/** The case key of a table row with these cells under this header (id, or id + roi). */
export function keyFunction(header: readonly string[]): (cells: readonly string[]) => string {
  const id = header.indexOf('id');
  const roi = header.indexOf('roi');
  return roi === -1 ? (c) => c[id] : (c) => `${c[id]}\u0000${c[roi]}`;
}

/**
 * Reads a batch manifest: CSV with columns id, image, mask (required), label and roi (optional) and any
 * others (carried to the output). Missing columns, empty ids or paths, a label that is not a number and
 * duplicate keys are InvalidManifest errors naming the line.
 */
export function readManifest(path: string): ManifestCase[] {
  if (!existsSync(path)) throw new RadiomicsError('FileNotFound', `${path}: manifest not found`, { file: path });
  return parseManifest(readFileSync(path, 'utf8'), path);
}

/** The cases of a manifest's text (read from `path`: relative image and mask paths resolve against its folder). */
export function parseManifest(text: string, path: string): ManifestCase[] {
  const table = parseCsv(text, path);
  for (const col of REQUIRED) {
    if (!table.header.includes(col)) throw new RadiomicsError('InvalidManifest', `${path}: no "${col}" column; a manifest needs id, image and mask (label, roi and others optional)`, { file: path, column: col });
  }
  const col = (name: string) => table.header.indexOf(name);
  const [id, image, mask, label] = [col('id'), col('image'), col('mask'), col('label')];
  const extraCols = table.header.map((h, i) => [h, i] as const).filter(([h]) => h !== 'id' && h !== 'image' && h !== 'mask');
  const keyOf = keyFunction(table.header);
  const base = dirname(resolve(path));
  const seen = new Map<string, number>();
  return table.rows.map((cells, r) => {
    const line = r + 2;
    for (const i of [id, image, mask]) {
      if (cells[i] === '') throw new RadiomicsError('InvalidManifest', `${path}: line ${line}: empty ${table.header[i]}`, { file: path, line });
    }
    const key = keyOf(cells);
    const first = seen.get(key);
    if (first !== undefined) throw new RadiomicsError('InvalidManifest', `${path}: line ${line}: id "${cells[id]}" repeats line ${first}${col('roi') === -1 ? '' : ' (with the same roi)'}`, { file: path, line, id: cells[id] });
    seen.set(key, line);
    const labelValue = label === -1 || cells[label] === '' ? 1 : Number(cells[label]);
    if (!Number.isFinite(labelValue)) throw new RadiomicsError('InvalidManifest', `${path}: line ${line}: label "${cells[label]}" is not a number`, { file: path, line });
    const at = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
    return { key, id: cells[id], image: at(cells[image]), mask: at(cells[mask]), label: labelValue, extra: Object.fromEntries(extraCols.map(([h, i]) => [h, cells[i]])) };
  });
}
