/**
 * `radiomics dicomweb extract|watch`: extraction from and to a PACS over DICOMweb.
 *
 * extract: one segmentation series (SEG or RTSTRUCT) of a study -> its image series (the one it references)
 * -> features; with --store the DICOM SR goes back by STOW-RS and its SOP Instance UID is printed.
 *
 * watch: every SEG and RTSTRUCT series of the archive, each segment / ROI one case, processed once per
 * configuration. What keeps it exactly-once across restarts and concurrent runs:
 *   - the state file (written atomically after every case) records each case's outcome;
 *   - a lock file beside it (created with O_EXCL) lets one watch at a time use a state file; a second run
 *     stops with StateLocked instead of racing; a lock whose process is gone (same host) is taken over;
 *   - the SR's SOP Instance UID is a function of its inputs (image, segmentation part, configuration hash,
 *     version), so a case processed twice (killed between STOW and the state write, or a lost state file)
 *     makes the same instance: the client asks QIDO for that UID before STOW and skips the store when it
 *     is there, and a store repeated anyway is the same instance again, never a second SR;
 *   - at each pass our SRs already in the archive (read back with readDicomSr: same configuration hash)
 *     mark their cases done, so a fresh state file does not redo them.
 * A failing case is recorded with its error and retried on the next pass; it never stops the others.
 *
 * Credentials: the Authorization header value is read from RADIOMICS_DICOMWEB_AUTHORIZATION only (never a
 * command-line option, which `ps` and shell histories show) and is never printed or written.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { RadiomicsError, errorToData, type ErrorData } from '../errors.js';
import {
  createDicomwebClient,
  dicomJsonText,
  extract,
  readDicomSeriesFromBuffersAsync,
  readDicomSr,
  resolveConfig,
  retrieveSegmentationCase,
  searchAllSeries,
  segmentationMask,
  segmentationParts,
  srConfigHash,
  srSourcesFromDicom,
  toCsv,
  toDicomSr,
  toJson,
  toTable,
  type ConfigInput,
  type DicomwebClient,
  type ExtractResult,
  type SegmentationCase,
  type SegmentationPart,
} from '../index.js';
import { sha256, writeFileAtomic } from '../node.js';
import { parseArgs } from './args.js';
import { readConfigFile, required, type Command } from './common.js';
import { numberOption } from './files.js';
import { Progress } from './progress.js';

/** The environment variable that holds the Authorization header value (e.g. "Bearer eyJ..."). */
export const AUTHORIZATION_ENV = 'RADIOMICS_DICOMWEB_AUTHORIZATION';

const COMMON_OPTIONS = ['url', 'config', 'preset', 'timeout', 'retries'];

export const dicomwebCommand: Command = {
  usage: `radiomics dicomweb extract --url URL --study UID --mask-series UID [--image-series UID]
                    [--segment N|LABEL | --roi NAME] [--config FILE|--preset NAME] [--store] [--sr OUT.dcm]
                    [--format json|csv|table] [--out FILE] [--timeout SECONDS] [--retries N]
  radiomics dicomweb watch --url URL --state FILE [--config FILE|--preset NAME] [--interval SECONDS] [--once]
                    [--timeout SECONDS] [--retries N]
                    (Authorization header from env ${AUTHORIZATION_ENV}, never an option)`,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'extract') return dicomwebExtract(rest);
    if (sub === 'watch') return dicomwebWatch(rest);
    throw new RadiomicsError('UsageError', `dicomweb needs a subcommand: extract or watch${sub === undefined ? '' : `, got "${sub}"`}`, { command: 'dicomweb' });
  },
};

/** Configuration from --config / --preset, resolved (to fail early) and hashed as the SR records it. */
async function configOf(options: Readonly<Record<string, string | true>>): Promise<{ config: ConfigInput; preset: string | undefined; configHash: string }> {
  const config = (options.config === undefined ? {} : await readConfigFile(String(options.config))) as ConfigInput;
  const preset = options.preset === undefined ? undefined : String(options.preset);
  return { config, preset, configHash: srConfigHash(resolveConfig(config, preset)) };
}

function clientOf(options: Readonly<Record<string, string | true>>, command: string): DicomwebClient {
  const url = required(options.url, 'url', `dicomweb ${command}`);
  const timeout = numberOption(options.timeout, 'timeout', 60);
  const retries = numberOption(options.retries, 'retries', 3);
  if (timeout <= 0 || !Number.isInteger(retries) || retries < 0) throw new RadiomicsError('UsageError', '--timeout must be > 0 and --retries a whole number >= 0', { option: 'timeout' });
  const authorization = process.env[AUTHORIZATION_ENV];
  return createDicomwebClient({
    url,
    authorization: () => authorization,
    retry: { timeoutMs: timeout * 1000, retries },
    onRetry: (e) => process.stderr.write(`radiomics: retry ${e.attempt} in ${(e.delayMs / 1000).toFixed(1)} s: ${e.code}: ${e.message}\n`),
  });
}

/** A segmentation part as the readers take it: SEG segment number, RTSTRUCT ROI name. */
function selector(part: SegmentationPart): { segment?: number; roi?: string } {
  return part.kind === 'SEG' ? { segment: part.segment } : { roi: part.roi };
}

interface CaseOutput {
  readonly result: ExtractResult;
  readonly sr: Uint8Array;
  readonly srSopInstanceUid: string;
}

/**
 * Extracts one part of a retrieved case and writes its SR (in memory). WADO-RS asks for the stored transfer
 * syntax (transfer-syntax=*), so the series may be compressed: it is read through the codecs.
 */
async function runCase(c: SegmentationCase, part: { segment?: number | string; roi?: string }, config: ConfigInput, preset: string | undefined, source: string): Promise<CaseOutput> {
  const image = await readDicomSeriesFromBuffersAsync(c.imageFiles);
  const mask = segmentationMask(c, image, part);
  const result = extract(image, mask, config, { preset, imageFile: `${source}/series/${c.imageSeries}`, maskFile: `${source}/series/${c.maskSeries}`, sha256 });
  const sources = srSourcesFromDicom({ files: c.imageFiles }, { bytes: c.mask, name: `series ${c.maskSeries}`, segment: part.segment, roi: part.roi });
  const sr = toDicomSr(result, sources);
  const srSopInstanceUid = readDicomSr(sr).sopInstanceUid ?? '';
  return { result, sr, srSopInstanceUid };
}

/** Stores the SR unless an instance with its SOP Instance UID is already there; true when it stored. */
async function storeOnce(client: DicomwebClient, study: string, out: CaseOutput): Promise<boolean> {
  const existing = await client.searchInstances({ SOPInstanceUID: out.srSopInstanceUid }, study);
  if (existing.length > 0) return false;
  const stow = await client.storeInstances([out.sr], { study });
  if (stow.failed.length > 0 || !stow.stored.some((s) => s.sopInstanceUid === out.srSopInstanceUid)) {
    const reason = stow.failed[0]?.reason;
    throw new RadiomicsError('DicomwebHttpError', `${client.url}: STOW-RS refused SR ${out.srSopInstanceUid}${reason === undefined || reason === null ? '' : ` (failure reason 0x${reason.toString(16).toUpperCase()})`}`, { url: client.url, sopInstanceUid: out.srSopInstanceUid, reason: reason ?? null });
  }
  return true;
}

/** The part named by --segment / --roi, or the only one; a UsageError listing them otherwise. */
function chosenPart(c: SegmentationCase, segment: string | true | undefined, roi: string | true | undefined): { segment?: number | string; roi?: string } {
  if (segment === true || roi === true) throw new RadiomicsError('UsageError', '--segment and --roi need a value', { option: segment === true ? 'segment' : 'roi' });
  const parts = segmentationParts(c.mask, `series ${c.maskSeries}`);
  const listed = parts.map((p) => (p.kind === 'SEG' ? `--segment ${p.segment} ("${p.label}")` : `--roi "${p.roi}"`)).join(', ');
  if (c.maskModality === 'SEG') {
    if (roi !== undefined) throw new RadiomicsError('UsageError', `series ${c.maskSeries} is a DICOM-SEG: use --segment, not --roi (${listed})`, { option: 'roi' });
    if (segment !== undefined) return { segment: /^\d+$/.test(segment) ? Number(segment) : segment };
  } else {
    if (segment !== undefined) throw new RadiomicsError('UsageError', `series ${c.maskSeries} is an RTSTRUCT: use --roi, not --segment (${listed})`, { option: 'segment' });
    if (roi !== undefined) return { roi };
  }
  if (parts.length === 1) return selector(parts[0]);
  throw new RadiomicsError('UsageError', `series ${c.maskSeries} holds ${parts.length} ${c.maskModality === 'SEG' ? 'segments' : 'ROIs'}: name one with ${listed}`, { option: c.maskModality === 'SEG' ? 'segment' : 'roi' });
}

async function dicomwebExtract(argv: readonly string[]): Promise<number> {
  const { options } = parseArgs(['extract', ...argv], [...COMMON_OPTIONS, 'study', 'mask-series', 'image-series', 'segment', 'roi', 'sr', 'format', 'out'], ['store', 'debug']);
  const study = required(options.study, 'study', 'dicomweb extract');
  const maskSeries = required(options['mask-series'], 'mask-series', 'dicomweb extract');
  const format = (options.format ?? 'json') as string;
  if (!['json', 'csv', 'table'].includes(format)) throw new RadiomicsError('UsageError', `--format must be json, csv or table, got "${format}"`, { option: 'format' });
  const { config, preset } = await configOf(options);
  const client = clientOf(options, 'extract');
  const imageSeries = options['image-series'] === undefined ? undefined : String(options['image-series']);
  const c = await retrieveSegmentationCase(client, study, maskSeries, { imageSeries });
  const out = await runCase(c, chosenPart(c, options.segment, options.roi), config, preset, `${client.url}/studies/${study}`);
  if (typeof options.sr === 'string') writeFileAtomic(options.sr, out.sr);
  if (options.store === true) {
    const stored = await storeOnce(client, study, out);
    process.stderr.write(`radiomics: SR ${stored ? 'stored' : 'already in the archive'}: SOP Instance UID ${out.srSopInstanceUid}\n`);
  }
  const text = format === 'json' ? toJson(out.result) : format === 'csv' ? toCsv([{ id: maskSeries, result: out.result }]) : toTable(out.result);
  if (options.out === undefined) process.stdout.write(text);
  else writeFileAtomic(String(options.out), text);
  return 0;
}

/** One case of watch, as the state file records it. */
export interface WatchCaseState {
  readonly study: string;
  readonly maskSeries: string;
  /** "segment N (label)" or "roi NAME". */
  readonly part: string;
  readonly status: 'done' | 'failed';
  readonly srSopInstanceUid?: string;
  readonly error?: ErrorData;
  readonly attempts: number;
  readonly updated: string;
}

/** The state file: discovered segmentation series (so each is retrieved once) and each case's outcome. */
export interface WatchState {
  readonly format: 'radiomics-dicomweb-watch/1';
  readonly series: Record<string, { readonly study: string; readonly sopInstanceUid: string; readonly parts: readonly SegmentationPart[] }>;
  readonly cases: Record<string, WatchCaseState>;
}

/** The key of a case: the segmentation instance, the part and the configuration (as our SR records them). */
export function watchCaseKey(sopInstanceUid: string, part: SegmentationPart | { kind: 'SEG'; segment: number } | { kind: 'RTSTRUCT'; number: number }, configHash: string): string {
  return `${sopInstanceUid}/${part.kind === 'SEG' ? `segment-${part.segment}` : `roi-${part.number}`}/${configHash}`;
}

function readState(path: string): WatchState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { format: 'radiomics-dicomweb-watch/1', series: {}, cases: {} }; // a new state
  }
  try {
    const state = JSON.parse(text) as WatchState;
    if (state.format !== 'radiomics-dicomweb-watch/1' || typeof state.series !== 'object' || typeof state.cases !== 'object') throw new Error('not a watch state file');
    return { format: state.format, series: { ...state.series }, cases: { ...state.cases } };
  } catch (cause) {
    throw new RadiomicsError('InvalidModel', `${path}: not a radiomics dicomweb watch state file: ${(cause as Error).message}`, { file: path }, { cause });
  }
}

/** Takes the lock beside the state file, or throws StateLocked; a lock of a dead process on this host is taken over. */
function acquireLock(path: string): () => void {
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, mine);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8') === mine) rmSync(path, { force: true });
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new RadiomicsError('WriteFailed', `${path}: cannot create the lock file: ${(e as Error).message}`, { file: path }, { cause: e });
    }
    let holder: { pid?: number; host?: string } = {};
    try {
      holder = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      // half-written by a process that died between create and write: stale
    }
    if (holder.host !== undefined && (holder.host !== hostname() || alive(holder.pid))) {
      throw new RadiomicsError('StateLocked', `${path}: another watch (pid ${holder.pid} on ${holder.host}) uses this state file`, { file: path, pid: holder.pid, host: holder.host });
    }
    rmSync(path, { force: true });
  }
  throw new RadiomicsError('StateLocked', `${path}: the lock was taken by another watch while this one took over a stale lock`, { file: path });
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const partLabel = (p: SegmentationPart) => (p.kind === 'SEG' ? `segment ${p.segment} (${p.label})` : `roi ${p.roi}`);

async function dicomwebWatch(argv: readonly string[]): Promise<number> {
  const { options } = parseArgs(['watch', ...argv], [...COMMON_OPTIONS, 'state', 'interval'], ['once', 'debug']);
  const statePath = required(options.state, 'state', 'dicomweb watch');
  const interval = numberOption(options.interval, 'interval', 60);
  if (interval <= 0) throw new RadiomicsError('UsageError', '--interval must be > 0 seconds', { option: 'interval' });
  const { config, preset, configHash } = await configOf(options);
  const client = clientOf(options, 'watch');
  const release = acquireLock(`${statePath}.lock`);
  let stopping = false;
  let wake = () => {};
  const stop = () => {
    stopping = true;
    wake();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    let state = readState(statePath);
    for (;;) {
      const pass = await watchPass(client, state, statePath, config, preset, configHash, () => stopping);
      state = pass.state;
      if (options.once === true) return pass.failed > 0 ? 1 : 0;
      if (stopping) return 0;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, interval * 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (stopping) return 0;
    }
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    release();
  }
}

interface PendingCase {
  readonly key: string;
  readonly study: string;
  readonly maskSeries: string;
  readonly part: SegmentationPart;
}

/** One pass: discover, mark cases whose SR is already in the archive, process the rest. */
async function watchPass(client: DicomwebClient, initial: WatchState, statePath: string, config: ConfigInput, preset: string | undefined, configHash: string, stopping: () => boolean): Promise<{ state: WatchState; failed: number }> {
  const series = { ...initial.series };
  const cases = { ...initial.cases };
  const save = () => writeFileAtomic(statePath, `${JSON.stringify({ format: 'radiomics-dicomweb-watch/1', series, cases } satisfies WatchState, null, 1)}\n`);
  const now = () => new Date().toISOString();
  const fail = (key: string, study: string, maskSeries: string, part: string, e: unknown) => {
    cases[key] = { study, maskSeries, part, status: 'failed', error: errorToData(e), attempts: (cases[key]?.attempts ?? 0) + 1, updated: now() };
  };

  // 1. Every SEG and RTSTRUCT series (paged QIDO); a new one is retrieved once to list its segments / ROIs.
  const found: { study: string; series: string }[] = [];
  for (const modality of ['SEG', 'RTSTRUCT']) {
    for (const s of await searchAllSeries(client, { Modality: modality })) found.push({ study: dicomJsonText(s, '0020000D'), series: dicomJsonText(s, '0020000E') });
  }
  found.sort((a, b) => (a.study + a.series < b.study + b.series ? -1 : a.study + a.series > b.study + b.series ? 1 : 0));
  const retrieved = new Map<string, SegmentationCase>();
  for (const f of found) {
    if (series[f.series] !== undefined) continue;
    const key = `${f.series}/*/${configHash}`;
    try {
      const c = await retrieveSegmentationCase(client, f.study, f.series);
      retrieved.set(f.series, c);
      series[f.series] = { study: f.study, sopInstanceUid: c.maskSopInstanceUid, parts: segmentationParts(c.mask, `series ${f.series}`) };
      delete cases[key];
    } catch (e) {
      fail(key, f.study, f.series, '*', e); // listed again next pass
      process.stderr.write(`radiomics: series ${f.series}: ${errorToData(e).code}: ${errorToData(e).message} (tried again next pass)\n`);
    }
  }
  const pending: PendingCase[] = [];
  for (const f of found) {
    const s = series[f.series];
    for (const part of s?.parts ?? []) {
      const key = watchCaseKey(s.sopInstanceUid, part, configHash);
      if (cases[key]?.status !== 'done') pending.push({ key, study: f.study, maskSeries: f.series, part });
    }
  }

  // 2. Our SRs already in the archive (same configuration hash) mark their cases done.
  for (const study of new Set(pending.map((p) => p.study))) {
    try {
      for (const sr of await client.searchSeries({ Modality: 'SR' }, study)) {
        for (const bytes of await client.retrieveSeries(study, dicomJsonText(sr, '0020000E'))) {
          let content;
          try {
            content = readDicomSr(bytes);
          } catch {
            continue; // an SR of another kind that our reader does not take: not ours
          }
          if (!content.writtenByUs) continue;
          for (const g of content.groups) {
            const seg = g.segmentation;
            if (g.configHash !== configHash || seg === null) continue;
            const ref = seg.kind === 'SEG' ? (seg.segmentNumber === null ? null : { kind: 'SEG' as const, segment: seg.segmentNumber }) : seg.roiNumber === null ? null : { kind: 'RTSTRUCT' as const, number: seg.roiNumber };
            if (ref === null) continue;
            const key = watchCaseKey(seg.instance.sopInstanceUid, ref, configHash);
            const p = pending.find((q) => q.key === key);
            if (p !== undefined) cases[key] = { study, maskSeries: p.maskSeries, part: partLabel(p.part), status: 'done', srSopInstanceUid: content.sopInstanceUid ?? '', attempts: cases[key]?.attempts ?? 0, updated: now() };
          }
        }
      }
    } catch (e) {
      // Not fatal: the deterministic SR UID and the check before STOW still prevent a second SR.
      process.stderr.write(`radiomics: warning: cannot read back the SRs of study ${study}: ${errorToData(e).code}: ${errorToData(e).message}\n`);
    }
  }
  save();

  // 3. Process the rest, each on its own; a failure is recorded and retried on the next pass.
  const todo = pending.filter((p) => cases[p.key]?.status !== 'done');
  const progress = new Progress(todo.length, process.stderr);
  let failed = 0;
  let stored = 0;
  for (const p of todo) {
    if (stopping()) break;
    const label = `${p.maskSeries} ${partLabel(p.part)}`;
    try {
      const c = retrieved.get(p.maskSeries) ?? (await retrieveSegmentationCase(client, p.study, p.maskSeries));
      retrieved.set(p.maskSeries, c);
      const out = await runCase(c, selector(p.part), config, preset, `${client.url}/studies/${p.study}`);
      if (await storeOnce(client, p.study, out)) stored++;
      cases[p.key] = { study: p.study, maskSeries: p.maskSeries, part: partLabel(p.part), status: 'done', srSopInstanceUid: out.srSopInstanceUid, attempts: (cases[p.key]?.attempts ?? 0) + 1, updated: now() };
      progress.tick(label, null);
    } catch (e) {
      failed++;
      fail(p.key, p.study, p.maskSeries, partLabel(p.part), e);
      progress.tick(label, errorToData(e).code, errorToData(e).message);
    }
    save();
    if (retrieved.size > 4) retrieved.delete(retrieved.keys().next().value as string); // keep memory bounded
  }
  const done = Object.values(cases).filter((c) => c.status === 'done').length;
  progress.finish(`watch: ${found.length} segmentation series, ${todo.length} cases to do, ${todo.length - failed} ok (${stored} SRs stored), ${failed} failed; ${done} done in all; state ${statePath}`);
  return { state: { format: 'radiomics-dicomweb-watch/1', series, cases }, failed: failed + Object.keys(cases).filter((k) => k.includes('/*/') && cases[k].status === 'failed').length };
}
