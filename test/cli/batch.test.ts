/**
 * `radiomics batch` and `radiomics merge` as users run them: the built bin/radiomics.js in a child
 * process, on small fixtures (the IBSI digital phantom, the PyRadiomics breast1 MRI sample) and one
 * truncated file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIX = join(ROOT, 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'radiomics-batch-'));

function radiomics(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/radiomics.js'), ...args], { encoding: 'utf8', cwd: tmp });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const bytes = readFileSync(join(FIX, 'ibsi1-digital-phantom/phantom.nii.gz'));
writeFileSync(join(tmp, 'truncated.nii.gz'), bytes.subarray(0, Math.floor(bytes.length / 2)));

// Relative paths resolve against the manifest's folder; the scanner column (with a comma) is carried.
const MANIFEST_ROWS = [
  'id,image,mask,label,scanner',
  `phantom,${FIX}/ibsi1-digital-phantom/phantom.nii.gz,${FIX}/ibsi1-digital-phantom/mask.nii.gz,1,"A, 1.5T"`,
  `breast1-nrrd,${FIX}/mri-samples/nrrd/breast1_image.nrrd,${FIX}/mri-samples/nrrd/breast1_label.nrrd,,B`,
  `corrupt,truncated.nii.gz,${FIX}/ibsi1-digital-phantom/mask.nii.gz,1,A`,
  `breast1-nifti,${FIX}/mri-samples/nifti/breast1_image.nii.gz,${FIX}/mri-samples/nifti/breast1_label.nii.gz,1,B`,
  `phantom-label2,${FIX}/ibsi1-digital-phantom/phantom.nii.gz,${FIX}/ibsi1-digital-phantom/mask.nii.gz,2,A`,
];
const manifest = join(tmp, 'manifest.csv');
writeFileSync(manifest, `${MANIFEST_ROWS.join('\n')}\n`);
const config = join(tmp, 'config.json');
writeFileSync(config, JSON.stringify({ discretisation: { method: 'fixedBinNumber', bins: 16 } }));

const full = join(tmp, 'full.csv');
const first = radiomics('batch', manifest, '--out', full, '--config', config, '--jobs', '1');
const rows = () => readFileSync(full, 'utf8').trim().split('\n');

describe('radiomics batch', () => {
  test('batch manifest.csv --jobs 1: one row per case in manifest order, exit 1 because one case failed', () => {
    expect(first.code).toBe(1);
    const lines = rows();
    expect(lines).toHaveLength(6);
    expect(lines[0].startsWith('id,label,scanner,error_code,error_message,morph.volume,')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['phantom', 'breast1-nrrd', 'corrupt', 'breast1-nifti', 'phantom-label2']);
    expect(lines[1].startsWith('phantom,1,"A, 1.5T",,,')).toBe(true);
  });

  test('a corrupt case is a row with its error code and message; the other cases have features', () => {
    const lines = rows();
    expect(lines[3]).toMatch(/^corrupt,1,A,CorruptFile,[^,]*truncated\.nii\.gz[^,]*,+$/);
    // The digital phantom's mask has no label 2: EmptyMask, recorded the same way.
    expect(lines[5]).toMatch(/^phantom-label2,2,A,EmptyMask,/);
    for (const i of [1, 2, 4]) expect(lines[i].split(',').filter((c) => c !== '').length).toBeGreaterThan(200);
  });

  test('stderr has one plain progress line per case (not a terminal) and a summary', () => {
    expect(first.stdout).toBe('');
    expect(first.stderr).toMatch(/\[1\/5\] phantom ok/);
    expect(first.stderr).toMatch(/\[3\/5\] corrupt failed CorruptFile: /);
    expect(first.stderr).toMatch(/batch: 5 cases, 3 ok, 2 failed, 1 jobs; wrote /);
  });

  test('--jobs 2 output is byte-identical to --jobs 1, and a rerun is too', () => {
    const two = join(tmp, 'jobs2.csv');
    expect(radiomics('batch', manifest, '--out', two, '--config', config, '--jobs', '2').code).toBe(1);
    expect(readFileSync(two, 'utf8')).toBe(readFileSync(full, 'utf8'));
    const again = join(tmp, 'again.csv');
    expect(radiomics('batch', manifest, '--out', again, '--config', config, '--jobs', '1').code).toBe(1);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(full, 'utf8'));
  });

  test('consecutive rows of one scan (read once per worker and run of rows) give the rows of separate runs, for --jobs 1 and 2', () => {
    // Rows 1-3: one image and mask, labels 1, 1, 2; rows 4-5: one NRRD pair twice. The full run read each once.
    const repeated = join(tmp, 'repeated.csv');
    writeFileSync(repeated, `${[MANIFEST_ROWS[0], MANIFEST_ROWS[1], MANIFEST_ROWS[1].replace('phantom,', 'phantom-again,'), MANIFEST_ROWS[5], MANIFEST_ROWS[2], MANIFEST_ROWS[2].replace('breast1-nrrd,', 'breast1-again,')].join('\n')}\n`);
    const separate = new Map(rows().map((l) => [l.split(',')[0], l.slice(l.indexOf(','))]));
    for (const jobs of ['1', '2']) {
      const out = join(tmp, `repeated-${jobs}.csv`);
      expect(radiomics('batch', repeated, '--out', out, '--config', config, '--jobs', jobs).code).toBe(1);
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      expect(lines[0]).toBe(rows()[0]);
      const byId = new Map(lines.slice(1).map((l) => [l.split(',')[0], l.slice(l.indexOf(','))]));
      expect([...byId.keys()]).toEqual(['phantom', 'phantom-again', 'phantom-label2', 'breast1-nrrd', 'breast1-again']);
      for (const [id, same] of [['phantom', 'phantom'], ['phantom-again', 'phantom'], ['phantom-label2', 'phantom-label2'], ['breast1-nrrd', 'breast1-nrrd'], ['breast1-again', 'breast1-nrrd']]) expect(byId.get(id)).toBe(separate.get(same));
    }
  });

  test('started with V8\'s --single-threaded already (the path without a relaunch), batch writes the same table', () => {
    // Without the flag, batch starts itself again with it (src/cli/relaunch.ts): every other test here takes that path.
    const direct = join(tmp, 'direct.csv');
    const r = spawnSync(process.execPath, ['--single-threaded', join(ROOT, 'bin/radiomics.js'), 'batch', manifest, '--out', direct, '--config', config, '--jobs', '2'], { encoding: 'utf8', cwd: tmp });
    expect(r.status).toBe(1);
    expect(readFileSync(direct, 'utf8')).toBe(readFileSync(full, 'utf8'));
  });

  test('--resume skips cases already in the output (failed ones run again) and ends equal to a full run', () => {
    const partialManifest = join(tmp, 'partial.csv');
    writeFileSync(partialManifest, `${MANIFEST_ROWS.slice(0, 4).join('\n')}\n`);
    const out = join(tmp, 'resumed.csv');
    expect(radiomics('batch', partialManifest, '--out', out, '--config', config, '--jobs', '1').code).toBe(1);
    // Mark the phantom row: if --resume recomputed it, the mark would be gone.
    const marked = readFileSync(out, 'utf8').replace(/^(phantom,1,"A, 1.5T",,,)[^,]+/m, '$1MARK');
    writeFileSync(out, marked);
    const r = radiomics('batch', manifest, '--out', out, '--config', config, '--jobs', '2', '--resume');
    expect(r.stderr).toMatch(/resuming: 2 of 5 cases already in /);
    expect(r.stderr).toMatch(/batch: 3 cases, 1 ok, 2 failed/);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^phantom,1,"A, 1.5T",,,MARK,/m);
    const volume = /^phantom,1,"A, 1.5T",,,([^,]+)/m.exec(readFileSync(full, 'utf8'))?.[1] ?? '';
    expect(text.replace('MARK', volume)).toBe(readFileSync(full, 'utf8'));
  });

  test('--shard 1/2 and 2/2 take every other case; merge --manifest of the shards equals the full run', () => {
    const a = join(tmp, 'shard1.csv');
    const b = join(tmp, 'shard2.csv');
    radiomics('batch', manifest, '--out', a, '--config', config, '--jobs', '1', '--shard', '1/2');
    radiomics('batch', manifest, '--out', b, '--config', config, '--jobs', '1', '--shard', '2/2');
    expect(readFileSync(a, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(['phantom', 'corrupt', 'phantom-label2']);
    expect(readFileSync(b, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(['breast1-nrrd', 'breast1-nifti']);
    const merged = join(tmp, 'merged.csv');
    const r = radiomics('merge', b, a, '--manifest', manifest, '--out', merged);
    expect(r.code).toBe(0);
    expect(readFileSync(merged, 'utf8')).toBe(readFileSync(full, 'utf8'));
    // Without --manifest the rows keep the files' order.
    const concat = join(tmp, 'concat.csv');
    expect(radiomics('merge', a, b, '--out', concat).code).toBe(0);
    expect(readFileSync(concat, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(['phantom', 'corrupt', 'phantom-label2', 'breast1-nrrd', 'breast1-nifti']);
  });

  test('merge of two files holding the same successful case is an InvalidManifest error', () => {
    const r = radiomics('merge', full, full, '--out', join(tmp, 'dup.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^radiomics: InvalidManifest: .*id "phantom" is also in /);
  });

  test('bad usage: --shard 3/2 exits 2; a manifest without a mask column or with a repeated id exits 1', () => {
    expect(radiomics('batch', manifest, '--out', join(tmp, 'x.csv'), '--shard', '3/2').code).toBe(2);
    const noMask = join(tmp, 'nomask.csv');
    writeFileSync(noMask, 'id,image\na,b\n');
    const r = radiomics('batch', noMask, '--out', join(tmp, 'x.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/InvalidManifest: .*no "mask" column/);
    const dup = join(tmp, 'dup-manifest.csv');
    writeFileSync(dup, 'id,image,mask\na,b,c\na,b,c\n');
    expect(radiomics('batch', dup, '--out', join(tmp, 'x.csv')).stderr).toMatch(/line 3: id "a" repeats line 2/);
  });

  test('SIGTERM during a run saves the finished cases; --resume then completes the table', async () => {
    const many = join(tmp, 'many.csv');
    const ids = Array.from({ length: 4 }, (_, i) => `b${i}`);
    writeFileSync(many, `id,image,mask\n${ids.map((id) => `${id},${FIX}/mri-samples/nifti/brain1_image.nii.gz,${FIX}/mri-samples/nifti/brain1_label.nii.gz`).join('\n')}\n`);
    const out = join(tmp, 'interrupted.csv');
    const child = spawn(process.execPath, [join(ROOT, 'bin/radiomics.js'), 'batch', many, '--out', out, '--config', config, '--jobs', '1'], { cwd: tmp });
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('[1/4]') && child.signalCode === null && !child.killed) child.kill('SIGTERM');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(143);
    expect(stderr).toMatch(/SIGTERM: wrote \d+ finished cases to .*rerun with --resume/);
    const saved = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(saved.length).toBeGreaterThanOrEqual(1);
    expect(saved.length).toBeLessThan(4);
    expect(saved).toEqual(ids.slice(0, saved.length));
    const r = radiomics('batch', many, '--out', out, '--config', config, '--jobs', '2', '--resume');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`resuming: ${saved.length} of 4 cases`));
    // Every case is the same image and mask: all rows equal but for the id, saved and resumed alike.
    const lines = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    expect(lines.map((l) => l.split(',')[0])).toEqual(ids);
    expect(new Set(lines.map((l) => l.slice(l.indexOf(','))))).toHaveProperty('size', 1);
  });
});
