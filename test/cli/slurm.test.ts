/**
 * `radiomics batch --shard` on a real SLURM cluster (test/helpers/slurm.ts: munged, slurmctld and slurmd
 * from Debian on loopback, started here and stopped after). The array script and the merge command are
 * taken verbatim from docs/scaling.md, so the docs are what is tested:
 * - the array job over a manifest of 32 cases, then `radiomics merge`, gives the table of one
 *   `radiomics batch` on one machine byte for byte;
 * - a task cancelled mid-run (scancel) and resubmitted as the docs say (`sbatch --array=K`, --resume)
 *   finishes with no row missing or doubled;
 * - a task requeued mid-run (scontrol requeue: SIGTERM, then the task starts again) loses nothing.
 * Skipped when SLURM is not installed, unless RADIOMICS_REQUIRE_SLURM=1 (CI), which makes that a failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { slurmUnavailable, startSlurmCluster, type SlurmCluster } from '../helpers/slurm.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIX = join(ROOT, 'fixtures');
const unavailable = slurmUnavailable();
const required = process.env.RADIOMICS_REQUIRE_SLURM === '1';

/** The code blocks of docs/scaling.md's "SLURM array job" section: the array script and the merge command. */
function docsSlurmBlocks(): { script: string; merge: string } {
  const docs = readFileSync(join(ROOT, 'docs/scaling.md'), 'utf8');
  const section = docs.slice(docs.indexOf('### SLURM array job'), docs.indexOf('### Kubernetes'));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  const script = blocks.find((b) => b.startsWith('#!/bin/bash'));
  const merge = blocks.find((b) => b.startsWith('radiomics merge'));
  if (script === undefined || merge === undefined) throw new Error('docs/scaling.md: SLURM array script or merge command not found');
  return { script, merge: merge.trim() };
}

// 24 cases of the IBSI digital phantom (fast) and 8 of the IBSI CT phantom (about a second each), the CT
// cases last: a shard of the two-task runs below holds 4 of them, long enough to be caught mid-run.
const CASES = [
  ...Array.from({ length: 24 }, (_, i) => `p${String(i + 1).padStart(2, '0')},${FIX}/ibsi1-digital-phantom/phantom.nii.gz,${FIX}/ibsi1-digital-phantom/mask.nii.gz`),
  ...Array.from({ length: 8 }, (_, i) => `ct${i + 1},${FIX}/ibsi1-ct-phantom/image.nii.gz,${FIX}/ibsi1-ct-phantom/mask.nii.gz`),
];
const STUDY_YAML = 'discretisation:\n  method: fixedBinNumber\n  bins: 16\n';

/** A working folder as the docs assume it: cohort/manifest.csv, study.yaml, out/, extract.sh, `radiomics` on PATH. */
function workdir(root: string, name: string): string {
  const dir = join(root, name);
  for (const sub of ['cohort', 'out', 'logs', 'bin']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'cohort/manifest.csv'), `id,image,mask\n${CASES.join('\n')}\n`);
  writeFileSync(join(dir, 'study.yaml'), STUDY_YAML);
  writeFileSync(join(dir, 'extract.sh'), docsSlurmBlocks().script, { mode: 0o755 });
  symlinkSync(join(ROOT, 'bin/radiomics.js'), join(dir, 'bin/radiomics'));
  return dir;
}

/** The environment of a submitted job and of the merge: `radiomics` (this checkout's bin) and node on PATH. */
function pathEnv(dir: string): NodeJS.ProcessEnv {
  return { PATH: [join(dir, 'bin'), dirname(process.execPath), process.env.PATH ?? ''].join(':') };
}

function merge(dir: string): string {
  const r = spawnSync('bash', ['-c', docsSlurmBlocks().merge], { cwd: dir, env: { ...process.env, ...pathEnv(dir) }, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`merge failed (exit ${r.status}): ${r.stderr}`);
  return readFileSync(join(dir, 'features.csv'), 'utf8');
}

function dataRows(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length - 1 : 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (bounded) until task `task`'s log shows `cases` finished cases: batch logs one "[k/n] id ok" line per case. */
async function waitForCases(dir: string, jobId: string, task: number, cases: number, timeoutMs: number): Promise<void> {
  const log = join(dir, 'logs', `${jobId}_${task}.out`);
  const end = Date.now() + timeoutMs;
  for (;;) {
    const done = existsSync(log) ? (readFileSync(log, 'utf8').match(/^\[\d+\/\d+\] /gm) ?? []).length : 0;
    if (done >= cases) return;
    if (Date.now() > end) throw new Error(`task ${jobId}_${task} did not reach ${cases} finished cases in ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe.skipIf(unavailable !== null && !required)('radiomics batch --shard on a real SLURM cluster (docs/scaling.md)', () => {
  let cluster: SlurmCluster;
  let root: string;
  let single: string;

  /** Submits the docs' script from `dir`; `shards` sets SHARDS (the docs' default is 20). Returns the job id. */
  const sbatch = (dir: string, args: readonly string[], shards?: number, timeoutMs = 30_000) =>
    cluster
      .run('/usr/bin/sbatch', ['--parsable', `--chdir=${dir}`, `--output=${join(dir, 'logs', '%A_%a.out')}`, '--open-mode=append', ...args, 'extract.sh'], { cwd: dir, env: { ...pathEnv(dir), ...(shards === undefined ? {} : { SHARDS: String(shards) }) }, timeoutMs })
      .trim()
      .split(';')[0];

  beforeAll(async () => {
    if (unavailable !== null) throw new Error(`RADIOMICS_REQUIRE_SLURM=1 but ${unavailable}`);
    root = mkdtempSync(join(tmpdir(), 'radiomics-slurm-work-'));
    cluster = await startSlurmCluster();
    // The reference: one `radiomics batch` of the whole manifest on this machine.
    const dir = workdir(root, 'single');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/radiomics.js'), 'batch', 'cohort/manifest.csv', '--config', 'study.yaml', '--jobs', '2', '--out', 'single.csv'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`reference batch failed (exit ${r.status}): ${r.stderr}`);
    single = readFileSync(join(dir, 'single.csv'), 'utf8');
  }, 180_000);

  afterAll(() => {
    cluster?.stop();
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  test('the docs array script (20 tasks) and `radiomics merge --manifest` give the single-machine table byte for byte', () => {
    const dir = workdir(root, 'array');
    sbatch(dir, ['--wait'], undefined, 300_000);
    const shards = Array.from({ length: 20 }, (_, i) => dataRows(join(dir, 'out', `features.${i + 1}.csv`)));
    expect(shards.reduce((a, b) => a + b, 0)).toBe(32); // every case in exactly one shard
    expect(shards.every((n) => n >= 1 && n <= 2)).toBe(true);
    expect(single.trim().split('\n')).toHaveLength(33);
    expect(merge(dir)).toBe(single);
  }, 360_000);

  test('a task cancelled mid-run (scancel) and resubmitted with --array=K finishes with no row missing or doubled', async () => {
    const dir = workdir(root, 'cancel');
    const jobId = sbatch(dir, ['--array=1-2'], 2);
    await waitForCases(dir, jobId, 1, 12, 120_000); // its 12 phantom cases done, the 4 CT cases under way
    cluster.run('/usr/bin/scancel', [`${jobId}_1`]);
    await cluster.waitDone(jobId, 120_000);
    const partial = dataRows(join(dir, 'out', 'features.1.csv'));
    // Cancelled before its 16 cases were done; SLURM's SIGTERM reached radiomics, which saved what was done.
    expect(partial).toBeGreaterThanOrEqual(12);
    expect(partial).toBeLessThan(16);
    expect(readFileSync(join(dir, 'logs', `${jobId}_1.out`), 'utf8')).toMatch(/batch: SIGTERM: wrote \d+ finished cases/);
    expect(dataRows(join(dir, 'out', 'features.2.csv'))).toBe(16);
    // The docs: "A task that hit its time limit or failed is simply resubmitted (sbatch --array=7 extract.sh)".
    // With SHARDS kept (2): the docs script before the fix split by SLURM_ARRAY_TASK_COUNT, 1 for a task
    // resubmitted alone, so task 1 ran the whole manifest and its table doubled shard 2's rows.
    sbatch(dir, ['--array=1', '--wait'], 2, 300_000);
    expect(dataRows(join(dir, 'out', 'features.1.csv'))).toBe(16);
    expect(merge(dir)).toBe(single);
  }, 480_000);

  test('a task requeued mid-run (SIGTERM, then started again) loses nothing', async () => {
    const dir = workdir(root, 'requeue');
    const jobId = sbatch(dir, ['--array=1-2'], 2);
    await waitForCases(dir, jobId, 1, 12, 120_000);
    cluster.run('/usr/bin/scontrol', ['requeue', `${jobId}_1`]);
    // SLURM restarts a requeued job by itself once its first attempt has been cleaned up and its begin
    // time (~2 minutes after the requeue) has come. Releasing it earlier (scontrol update StartTime=now as
    // soon as it was pending) raced that clean-up on a loaded machine: the second launch failed at once.
    // Done when the task has reached a final state (squeue alone can miss a task between requeue states).
    let info = '';
    for (const stop = Date.now() + 360_000; Date.now() < stop; await sleep(200)) {
      info = cluster.run('/usr/bin/scontrol', ['show', 'job', `${jobId}_1`]);
      if (/Restarts=1\b/.test(info) && /JobState=(COMPLETED|FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL)\b/.test(info)) break;
    }
    await cluster.waitDone(jobId, 300_000);
    // Both attempts log to one file (--open-mode=append): shown when an assertion fails.
    const log = readFileSync(join(dir, 'logs', `${jobId}_1.out`), 'utf8');
    expect(info, log).toMatch(/Restarts=1\b/);
    expect(info, log).toMatch(/JobState=COMPLETED\b/);
    // The first attempt saved its table on SIGTERM, and the second resumed from it.
    expect(log).toMatch(/SIGTERM/);
    expect(log).toMatch(/resum/i);
    expect(dataRows(join(dir, 'out', 'features.1.csv'))).toBe(16);
    expect(merge(dir)).toBe(single);
  }, 600_000);
});
