import { availableParallelism } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { RadiomicsError } from '../errors.js';
import { resolveConfig, type ConfigInput } from '../index.js';
import { writeFileAtomic } from '../node.js';
import { parseArgs } from './args.js';
import type { CaseRow } from './batchCase.js';
import { readConfigFile, required, type Command } from './common.js';
import { assembleCsv, parseCsv, tableRows, type Row } from './csv.js';
import { keyFunction, readManifest, type ManifestCase } from './manifest.js';
import { runPool } from './pool.js';
import { Progress } from './progress.js';

/**
 * `radiomics batch`: every case of a manifest -> one CSV row each, in manifest order. Cases run on a pool
 * of worker threads; a failing case becomes a row with error_code and error_message and the rest go on;
 * exit 1 when any case failed. The output is rewritten atomically at every checkpoint and at the end, so
 * an interrupted run leaves a valid partial table that --resume continues. Its process runs with
 * BATCH_V8_FLAGS (main.ts relaunches it with them).
 */
export const batchCommand: Command = {
  usage: `radiomics batch MANIFEST.csv --out FILE.csv [--config FILE|--preset NAME] [--jobs N]
                    [--resume] [--shard K/N] [--checkpoint SECONDS]`,
  async run(argv) {
    const { options, positionals } = parseArgs(['batch', ...argv], ['out', 'config', 'preset', 'jobs', 'shard', 'checkpoint'], ['resume', 'debug']);
    if (positionals.length !== 1) throw new RadiomicsError('UsageError', 'batch needs one manifest file (CSV with columns id, image, mask)', {});
    const out = required(options.out, 'out', 'batch');
    const config = (options.config === undefined ? {} : await readConfigFile(String(options.config))) as ConfigInput;
    const preset = options.preset === undefined ? undefined : String(options.preset);
    resolveConfig(config, preset);
    const jobs = options.jobs === undefined ? availableParallelism() : positiveInt(options.jobs, 'jobs');
    const checkpointMs = 1000 * (options.checkpoint === undefined ? 60 : positiveInt(options.checkpoint, 'checkpoint'));

    let cases = readManifest(positionals[0]);
    if (options.shard !== undefined) cases = shardOf(cases, String(options.shard));
    const kept = options.resume === true && existsSync(out) ? keptRows(out) : new Map<string, Row>();
    const todo = cases.filter((c) => !kept.has(c.key));
    if (kept.size > 0) process.stderr.write(`batch: resuming: ${cases.length - todo.length} of ${cases.length} cases already in ${out}\n`);

    const rows = new Map<string, Row>();
    const headers = new Map<string, readonly string[]>();
    const progress = new Progress(todo.length, process.stderr);
    let failed = 0;
    const write = () => writeFileAtomic(out, assembleCsv(ordered(cases, kept, rows)));
    let lastWrite = performance.now();
    const onRow = (index: number, row: CaseRow) => {
      const c = todo[index];
      // One header array per distinct header: thousands of rows share it instead of holding copies.
      const key = row.header.join('\n');
      const header = headers.get(key) ?? (headers.set(key, row.header), row.header);
      rows.set(c.key, { key: c.key, header, line: row.line });
      if (row.error !== null) failed++;
      progress.tick(c.id, row.error?.code ?? null, row.error?.message);
      if (performance.now() - lastWrite >= checkpointMs) {
        write();
        lastWrite = performance.now();
      }
    };
    // SLURM and Kubernetes send SIGTERM before killing a job: save what is done, so --resume continues.
    // Listeners stay installed until exit, so a second signal during the final write is ignored rather
    // than killing the process halfway.
    let stopping = false;
    const interrupted = (signal: NodeJS.Signals, code: number) => () => {
      if (stopping) return;
      stopping = true;
      write();
      process.stderr.write(`\nbatch: ${signal}: wrote ${kept.size + rows.size} finished cases to ${out}; rerun with --resume to continue\n`);
      process.exit(code);
    };
    const onTerm = interrupted('SIGTERM', 143);
    const onInt = interrupted('SIGINT', 130);
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    try {
      await runPool(todo, jobs, config, preset, onRow);
      write();
    } finally {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
    }
    progress.finish(`batch: ${todo.length} cases, ${todo.length - failed} ok, ${failed} failed, ${Math.min(jobs, Math.max(todo.length, 1))} jobs; wrote ${out}`);
    return failed > 0 ? 1 : 0;
  },
};

/** Rows in manifest order (resumed or new), then resumed rows of cases not in this manifest. */
function ordered(cases: readonly ManifestCase[], kept: ReadonlyMap<string, Row>, rows: ReadonlyMap<string, Row>): Row[] {
  const out: Row[] = [];
  const inManifest = new Set<string>();
  for (const c of cases) {
    inManifest.add(c.key);
    const r = kept.get(c.key) ?? rows.get(c.key);
    if (r !== undefined) out.push(r);
  }
  for (const [key, r] of kept) if (!inManifest.has(key)) out.push(r);
  return out;
}

/** Rows of an earlier output to keep on --resume: every case that succeeded (failed cases run again). */
function keptRows(out: string): Map<string, Row> {
  const table = parseCsv(readFileSync(out, 'utf8'), out);
  if (!table.header.includes('id')) throw new RadiomicsError('InvalidManifest', `${out}: cannot resume: the file has no "id" column (is it a batch output?)`, { file: out });
  const err = table.header.indexOf('error_code');
  const rows = tableRows({ header: table.header, rows: table.rows.filter((cells) => err === -1 || cells[err] === '') }, keyFunction(table.header));
  return new Map(rows.map((r) => [r.key, r]));
}

/** Every N-th case from the K-th (1-based): shard K/N of a cluster job array. */
export function shardOf<T>(cases: readonly T[], spec: string): T[] {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!(n >= 1 && k >= 1 && k <= n)) throw new RadiomicsError('UsageError', `--shard must be K/N with 1 <= K <= N (e.g. 3/10), got "${spec}"`, { option: 'shard' });
  return cases.filter((_, i) => i % n === k - 1);
}

function positiveInt(value: string | true, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new RadiomicsError('UsageError', `--${name} must be a positive integer, got "${value}"`, { option: name });
  return n;
}
