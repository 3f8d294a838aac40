/**
 * The committed compressed and quantitative DICOM fixtures are what their scripts make: both scripts run
 * into a temporary folder and every file must equal the committed one byte for byte. Needs the Debian
 * tools (dcmtk, libopenjp2-tools, openjph-tools, libjpeg-turbo-progs); skipped where one is missing, so the other tests never
 * need them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TOOLS = ['dcmcjpeg', 'dcmdjpeg', 'dcmcjpls', 'opj_compress', 'ojph_compress', 'cjpeg', 'djpeg'];
const haveTools = TOOLS.every((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

describe.skipIf(!haveTools)('fixture scripts reproduce the committed bytes', () => {
  const out = mkdtempSync(join(tmpdir(), 'radiomics-fixtures-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test.each([
    ['scripts/make-compressed-dicom-fixtures.ts', ['dicom-compressed', 'ibsi1-ct-phantom/dicom-jpegls']],
    ['scripts/make-quantitative-dicom-fixtures.ts', ['dicom-quantitative']],
  ])('%s', (script, folders) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, script), out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const folder of folders) {
      const made = filesUnder(join(out, folder)).map((f) => relative(out, f)).sort();
      const committed = filesUnder(join(ROOT, 'fixtures', folder)).map((f) => relative(join(ROOT, 'fixtures'), f)).sort();
      expect(made).toEqual(committed);
      const differing = made.filter((f) => !readFileSync(join(out, f)).equals(readFileSync(join(ROOT, 'fixtures', f))));
      expect(differing).toEqual([]);
    }
  }, 300_000);
});
