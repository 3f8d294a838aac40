import { csvTable, extractMany, type ConfigInput } from '../index.js';
import { readMask, readVolume, sha256 } from '../node.js';
import { csvLine } from './csv.js';
import type { ManifestCase } from './manifest.js';

/** A finished case as the batch command keeps it: its output row as one CSV line, and its error. */
export interface CaseRow {
  readonly header: readonly string[];
  readonly line: string;
  /** Null when the case succeeded. */
  readonly error: { readonly code: string; readonly message: string } | null;
}

/**
 * Reads and extracts one manifest case (through extractMany, so a failure becomes a row with its error
 * code and message). Every case runs this in a worker thread, whatever the number of jobs, so the rows
 * are byte-identical for any --jobs.
 */
export function runCase(c: ManifestCase, config: ConfigInput, preset: string | undefined): CaseRow {
  const [outcome] = extractMany(
    [{ id: c.id, extra: c.extra, load: () => ({ image: readVolume(c.image), mask: readMask(c.mask, c.label), options: { imageFile: c.image, maskFile: c.mask, sha256 } }) }],
    config,
    { preset },
  );
  const table = csvTable([outcome], { errorColumns: true });
  return { header: table.header, line: csvLine(table.rows[0]), error: outcome.error ?? null };
}
