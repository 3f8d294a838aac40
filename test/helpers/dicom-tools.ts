/**
 * The real DICOM validators, run on files the tests write: dciodvfy (dicom3tools, Debian "dicom3tools")
 * checks the IOD, dsrdump (dcmtk, Debian "dcmtk") parses and prints the SR tree. Tests that need them run
 * when they are installed (CI installs both) and are skipped with the reason in their title otherwise.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** True when `tool` is on the PATH. */
export function installed(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).status === 0;
}

/** A test title that says why it is skipped when `tool` is missing. */
export function needing(tool: string, title: string): string {
  return installed(tool) ? title : `${title} (skipped: ${tool} is not installed)`;
}

/** Runs `tool args... <file holding bytes>`; stdout and stderr together. */
export function runOn(tool: string, args: readonly string[], bytes: Uint8Array): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'radiomics-dicom-tool-'));
  try {
    const file = join(dir, 'object.dcm');
    writeFileSync(file, bytes);
    const r = spawnSync(tool, [...args, file], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** dciodvfy's error lines ("Error - ..."); warnings are not errors. */
export function dciodvfyErrors(bytes: Uint8Array): string[] {
  return runOn('dciodvfy', [], bytes).output.split('\n').filter((l) => /^Error/.test(l));
}
