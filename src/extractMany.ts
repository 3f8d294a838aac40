import { errorToData, type ErrorCode } from './errors.js';
import { resolveConfig, type ConfigInput } from './config.js';
import { extract, type ExtractOptions, type ExtractResult } from './extract.js';
import type { Mask, Volume } from './image/volume.js';

/** An image and mask pair, with the options extract() takes for it (file names for messages). */
export interface CaseData {
  readonly image: Volume;
  readonly mask: Mask;
  readonly options?: Omit<ExtractOptions, 'preset'>;
}

/**
 * One case of a batch: an id, extra columns carried to the output, and either the data itself or a
 * `load` function called when the case's turn comes, so that only one case is held in memory at a time
 * (a failure inside `load`, e.g. a corrupt file, is recorded as the case's failure).
 */
export type BatchCase = { readonly id: string; readonly extra?: Readonly<Record<string, string>> } & (CaseData | { readonly load: () => CaseData });

/** A case's error as data: its code (ERROR_CODES; InternalError for anything untyped) and message. */
export interface CaseError {
  readonly code: ErrorCode;
  readonly message: string;
}

/** What one case gave: a result, or an error. Usable directly as a toCsv() case. */
export type CaseOutcome =
  | { readonly id: string; readonly extra?: Readonly<Record<string, string>>; readonly result: ExtractResult; readonly error?: undefined }
  | { readonly id: string; readonly extra?: Readonly<Record<string, string>>; readonly result?: undefined; readonly error: CaseError };

export interface ExtractManyOptions {
  /** Preset whose settings lie under `config` (see PRESETS). */
  readonly preset?: string;
  /** Called after each case, in case order, with the number done, the total and that case's outcome. */
  readonly onProgress?: (done: number, total: number, outcome: CaseOutcome) => void;
}

/**
 * Extracts features of many cases in order, one at a time (sequential; the CLI's `batch` command runs
 * cases in parallel worker threads). The config is resolved once, so an invalid config throws before any
 * case runs; a failing case does not throw but becomes an outcome with its error, and the rest continue.
 * Outcomes are in case order and, like extract(), bit-identical across runs.
 */
export function extractMany(cases: readonly BatchCase[], config: ConfigInput = {}, options: ExtractManyOptions = {}): CaseOutcome[] {
  resolveConfig(config, options.preset);
  const outcomes: CaseOutcome[] = [];
  for (const c of cases) {
    const outcome = extractCase(c, config, options.preset);
    outcomes.push(outcome);
    options.onProgress?.(outcomes.length, cases.length, outcome);
  }
  return outcomes;
}

function extractCase(c: BatchCase, config: ConfigInput, preset: string | undefined): CaseOutcome {
  const extra = c.extra;
  try {
    const data = 'load' in c ? c.load() : c;
    const result = extract(data.image, data.mask, config, { ...data.options, preset });
    return extra === undefined ? { id: c.id, result } : { id: c.id, extra, result };
  } catch (e) {
    const { code, message } = errorToData(e);
    const error: CaseError = { code, message };
    return extra === undefined ? { id: c.id, error } : { id: c.id, extra, error };
  }
}
