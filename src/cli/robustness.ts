import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { RadiomicsError } from '../errors.js';
import { assessRobustness, assessRobustnessOn, formatCsv, ICC_TYPES, PERTURBATION_KINDS, robustnessReport, type ConfigInput, type CopyOutcome, type CopyRunner, type IccType, type PerturbationKind, type RobustnessCase, type RobustnessCopy } from '../index.js';
import { readMask, readVolume, WorkerRunner, writeFileAtomic } from '../node.js';
import { parseArgs } from './args.js';
import { caseId, readConfigFile, type Command } from './common.js';
import { cellOf, listOption, numberOption, readCsvFile } from './files.js';

/** `radiomics robustness`: features of perturbed copies -> per-feature ICC with CI and a robust flag. */
export const robustnessCommand: Command = {
  usage: `radiomics robustness (--image FILE --mask FILE [--label N] | --cases FILE.csv) --perturb N,R,T,C,V
                    [--repeats 20] [--seed 0] [--config FILE | --preset NAME] [--threshold 0.9] [--icc 1,1]
                    --out FILE.csv|.json [--table FILE.csv] [--report FILE.html] [--jobs N]`,
  async run(argv) {
    const { options } = parseArgs(['robustness', ...argv], ['image', 'mask', 'label', 'cases', 'perturb', 'repeats', 'seed', 'config', 'preset', 'threshold', 'icc', 'out', 'table', 'report', 'jobs'], ['debug']);
    if (typeof options.out !== 'string') throw new RadiomicsError('UsageError', 'robustness needs --out FILE (.csv or .json)', { option: 'out' });
    const kinds = listOption(options.perturb);
    if (kinds.length === 0) throw new RadiomicsError('UsageError', `robustness needs --perturb, a comma-separated list of ${PERTURBATION_KINDS.join(', ')} (N noise, R rotation, T translation, C contour randomisation, V volume adaptation)`, { option: 'perturb' });
    for (const k of kinds) if (!(PERTURBATION_KINDS as readonly string[]).includes(k)) throw new RadiomicsError('UsageError', `--perturb: unknown perturbation "${k}"; use ${PERTURBATION_KINDS.join(', ')}`, { option: 'perturb' });
    const repeats = numberOption(options.repeats, 'repeats', 20);
    const seed = numberOption(options.seed, 'seed', 0);
    if (!Number.isInteger(repeats) || repeats < 2) throw new RadiomicsError('UsageError', `--repeats must be an integer >= 2, got ${repeats}`, { option: 'repeats' });
    if (!Number.isSafeInteger(seed)) throw new RadiomicsError('UsageError', `--seed must be an integer, got ${seed}`, { option: 'seed' });
    const threshold = numberOption(options.threshold, 'threshold', 0.9);
    const icc = iccOption(options.icc);
    const config = (options.config === undefined ? {} : await readConfigFile(String(options.config))) as ConfigInput;
    const preset = options.preset === undefined ? undefined : String(options.preset);
    const jobs = options.jobs === undefined ? availableParallelism() : numberOption(options.jobs, 'jobs', 1);
    if (!Number.isInteger(jobs) || jobs < 1) throw new RadiomicsError('UsageError', `--jobs must be a whole number >= 1, got ${options.jobs}`, { option: 'jobs' });

    const cases = readCases(options);
    // Progress on an interactive terminal only (one rewritten line); never in pipes or logs.
    const onProgress = process.stderr.isTTY ? (done: number, total: number) => process.stderr.write(`\rradiomics: perturbed copy ${done}/${total}${done === total ? '\n' : ''}`) : undefined;
    const study = { perturbations: kinds as PerturbationKind[], repeats, seed, config, preset, threshold, icc, onProgress };
    const result = jobs === 1 ? assessRobustness(cases, study) : await onWorkers(jobs, (runners) => assessRobustnessOn(runners, cases, study));
    for (const w of result.warnings) process.stderr.write(`radiomics: warning: ${w.code}: ${w.message}\n`);

    const out = String(options.out);
    if (out.toLowerCase().endsWith('.json')) {
      writeFileAtomic(out, `${JSON.stringify({ icc: result.icc, threshold: result.threshold, perturbations: kinds, repeats, seed, features: result.features, runs: result.runs.map((r) => ({ subject: r.subject, repeat: r.repeat, applied: r.applied })), warnings: result.warnings }, null, 2)}\n`);
    } else {
      const rows = result.features.map((f) => [f.id, f.family, f.ibsi ?? '', cellOf(f.icc?.value), cellOf(f.icc?.lower), cellOf(f.icc?.upper), cellOf(f.wcv), f.robust === null ? '' : String(f.robust), f.note ?? '']);
      writeFileAtomic(out, formatCsv({ header: ['feature', 'family', 'ibsi', 'icc', 'icc_lower', 'icc_upper', 'wcv', 'robust', 'note'], rows }));
    }
    if (typeof options.table === 'string') {
      writeFileAtomic(options.table, formatCsv({ header: ['subject', 'repeat', ...result.featureIds], rows: result.runs.map((r) => [r.subject, String(r.repeat), ...r.values.map(cellOf)]) }));
    }
    if (typeof options.report === 'string') {
      const details: Record<string, string> = { cases: cases.map((c) => c.id).join(', '), perturbations: kinds.join(', '), repeats: String(repeats), seed: String(seed), ...(preset === undefined ? {} : { preset }), ...(options.config === undefined ? {} : { config: String(options.config) }) };
      writeFileAtomic(options.report, robustnessReport(result, { title: 'Feature robustness under image perturbation', details }));
    }
    return 0;
  },
};

/**
 * Runs `f` with `jobs` worker threads (dist/robustness-worker.js), each making and extracting one
 * perturbed copy at a time: the copies and the output are the same as with one job.
 */
async function onWorkers<T>(jobs: number, f: (runners: CopyRunner[]) => Promise<T>): Promise<T> {
  const url = new URL('./robustness-worker.js', import.meta.url);
  const workers = Array.from({ length: jobs }, () => new WorkerRunner<RobustnessCopy, CopyOutcome>(url));
  try {
    return await f(workers.map((w) => (copy) => w.run(copy)));
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}

/** `--icc 1,1` / `ICC(2,k)` -> an ICC type (default ICC(1,1)). */
export function iccOption(value: string | true | undefined): IccType {
  if (value === undefined) return 'ICC(1,1)';
  const s = String(value).replace(/^ICC\(|\)$/gi, '');
  const t = `ICC(${s})` as IccType;
  if (!(ICC_TYPES as readonly string[]).includes(t)) throw new RadiomicsError('UsageError', `--icc must be one of ${ICC_TYPES.map((x) => x.slice(4, -1)).join(' ')}, got "${value}"`, { option: 'icc' });
  return t;
}

/** One case from --image/--mask, or a cohort from --cases (columns id, image, mask[, label]; paths relative to the CSV). */
function readCases(options: Readonly<Record<string, string | true>>): RobustnessCase[] {
  if (typeof options.cases === 'string') {
    if (options.image !== undefined || options.mask !== undefined) throw new RadiomicsError('UsageError', 'give either --cases or --image/--mask, not both', { option: 'cases' });
    const file = options.cases;
    const t = readCsvFile(file);
    const col = (name: string, needed: boolean) => {
      const i = t.header.indexOf(name);
      if (i < 0 && needed) throw new RadiomicsError('UsageError', `${file}: needs a column "${name}" (columns: id, image, mask, optional label)`, { file });
      return i;
    };
    const [ci, ii, mi, li] = [col('id', false), col('image', true), col('mask', true), col('label', false)];
    const resolve = (p: string) => (isAbsolute(p) ? p : join(dirname(file), p));
    return t.rows.map((r) => {
      const image = resolve(r[ii]);
      const label = li < 0 || r[li] === '' ? 1 : Number(r[li]);
      return { id: ci < 0 ? caseId(image) : r[ci], image: readVolume(image), mask: readMask(resolve(r[mi]), label) };
    });
  }
  if (typeof options.image !== 'string' || typeof options.mask !== 'string') throw new RadiomicsError('UsageError', 'robustness needs --image FILE and --mask FILE, or --cases FILE.csv', { option: 'image' });
  const label = numberOption(options.label, 'label', 1);
  return [{ id: caseId(options.image), image: readVolume(options.image), mask: readMask(options.mask, label) }];
}


