/**
 * The CLI as users run it: the built bin/radiomics.js (npm test builds first), in a child process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { compare } from '../../scripts/ibsi-compliance.js';
import { referenceRows } from '../helpers/reference.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PHANTOM = join(ROOT, 'fixtures/ibsi1-digital-phantom/phantom.nii.gz');
const MASK = join(ROOT, 'fixtures/ibsi1-digital-phantom/mask.nii.gz');

function radiomics(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/radiomics.js'), ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'radiomics-cli-'));

describe('radiomics extract', () => {
  test('radiomics extract --preset ibsi1-digital-phantom --format json matches every digital-phantom reference row', () => {
    const r = radiomics('extract', '--image', PHANTOM, '--mask', MASK, '--preset', 'ibsi1-digital-phantom', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(Object.keys(result)).toEqual(['features', 'warnings', 'provenance']);
    const rows = compare(result, referenceRows('digital_phantom'));
    const failing = rows.filter((c) => !c.pass).map((c) => `${c.featureId ?? c.row.featureName} = ${c.value} vs ${c.row.value}`);
    expect(failing).toEqual([]);
    expect(rows.length).toBe(482);
  });

  test('--format csv writes one header and one case row', () => {
    const r = radiomics('extract', '--image', PHANTOM, '--mask', MASK, '--preset', 'ibsi1-digital-phantom', '--format', 'csv');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1].startsWith('phantom,')).toBe(true);
  });

  test('--out writes the file and --config reads YAML', () => {
    const cfg = join(tmp, 'c.yaml');
    writeFileSync(cfg, 'families: [stat]\ndiscretisation:\n  method: fixedBinNumber\n  bins: 8\n');
    const out = join(tmp, 'out.json');
    const r = radiomics('extract', '--image', PHANTOM, '--mask', MASK, '--config', cfg, '--out', out);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.features.every((f: { family: string }) => f.family === 'stat')).toBe(true);
    expect(result.provenance.config.discretisation).toEqual({ method: 'fixedBinNumber', bins: 8 });
  });

  test('a truncated .nii.gz gives one line "radiomics: CorruptFile: ...", exit 1 and no output file', () => {
    const bytes = readFileSync(PHANTOM);
    const bad = join(tmp, 'truncated.nii.gz');
    writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const out = join(tmp, 'never.json');
    const r = radiomics('extract', '--image', bad, '--mask', MASK, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^radiomics: CorruptFile: .*truncated\.nii\.gz.*\n$/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  test('a gzip stream holding a too-short NIfTI is CorruptFile', () => {
    const bad = join(tmp, 'short.nii.gz');
    writeFileSync(bad, gzipSync(new Uint8Array(100)));
    const r = radiomics('extract', '--image', bad, '--mask', MASK);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^radiomics: CorruptFile: /);
  });

  test('a missing file is FileNotFound', () => {
    const r = radiomics('extract', '--image', join(tmp, 'nope.nii.gz'), '--mask', MASK);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^radiomics: FileNotFound: .*nope\.nii\.gz/);
  });

  test('an unknown config key is UnknownConfigKey with a suggestion', () => {
    const cfg = join(tmp, 'bad.json');
    writeFileSync(cfg, JSON.stringify({ glcm: { distnce: 1 } }));
    const r = radiomics('extract', '--image', PHANTOM, '--mask', MASK, '--config', cfg);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('radiomics: UnknownConfigKey: unknown config key "glcm.distnce"; did you mean "glcm.distance"?\n');
  });

  test('an unknown option is a usage error (exit 2)', () => {
    const r = radiomics('extract', '--imgae', PHANTOM);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^radiomics: UsageError: unknown option --imgae/);
  });

  test('an unknown command is a usage error that lists the commands, also for names an object inherits', () => {
    for (const name of ['extrakt', 'toString', 'constructor']) {
      const r = radiomics(name);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`radiomics: UsageError: unknown command "${name}"; commands: extract, maps, batch, merge, features, presets, robustness, agreement, harmonize, dicom, dicomweb\n`);
    }
  });

  test('--help lists the usage of every command', () => {
    const r = radiomics('--help');
    expect(r.code).toBe(0);
    for (const name of ['extract', 'batch', 'merge', 'features', 'presets', 'robustness', 'agreement', 'harmonize', 'dicom', 'dicomweb']) expect(r.stdout).toContain(`radiomics ${name} `);
  });

  test('--debug adds the stack trace', () => {
    const r = radiomics('extract', '--image', join(tmp, 'nope.nii.gz'), '--mask', MASK, '--debug');
    expect(r.stderr.trim().split('\n').length).toBeGreaterThan(1);
  });

  test('radiomics features lists IBSI codes', () => {
    const r = radiomics('features', '--family', 'stat');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('stat.mean  Q4LE  Mean intensity');
  });

  test('radiomics features | head: a reader that closes the pipe early ends the command quietly (exit 0, no stack trace)', () => {
    // bash's pipe: head reads one line and exits, so the rest of the listing meets a closed pipe (EPIPE).
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${join(ROOT, 'bin/radiomics.js')}" features | head -n 1; echo "exit \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr.trim()).toBe('exit 0');
  });
});

