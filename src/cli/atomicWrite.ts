import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { RadiomicsError } from '../errors.js';

/** Writes text to a temp file beside `path`, then renames it over `path`: readers never see half a file. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw new RadiomicsError('WriteFailed', `${path}: cannot write: ${(cause as Error).message}`, { file: path }, { cause });
  }
}
