/**
 * The one retry and time-out policy of the DICOMweb client. Every request goes through `withRetry`; no
 * caller loops on its own.
 *
 * What is retried: a 429 or 5xx status, a network failure (connection refused or reset, a body cut off),
 * a time-out, and a 2xx whose multipart body is malformed (a truncating proxy) - on idempotent requests
 * only. GET (QIDO, WADO) is idempotent. STOW-RS POST is retried too, and that is safe for one reason: the
 * client stores whole instances whose SOP Instance UIDs it does not invent per attempt, so a second attempt
 * after a lost answer stores the same instance again (the SR writer derives its UID from its inputs, so
 * even a re-run stores the same instance), and a DICOM archive keeps one instance per SOP Instance UID.
 * A caller that builds a new UID per attempt must pass `idempotent: false`.
 * Not retried: any other 4xx (the request is wrong; repeating it cannot help), a malformed request.
 *
 * The schedule is deterministic (no jitter): before attempt k (k = 1, 2, ...) the client waits
 * min(baseDelayMs * 2^(k-1), maxDelayMs), or the server's Retry-After when that is longer. A Retry-After
 * longer than maxDelayMs is not shortened: the client gives up with the server's error instead.
 * Jitter spreads many clients; this client is one process per archive, and a fixed schedule makes the
 * behaviour reproducible and testable.
 */
import { RadiomicsError } from '../../errors.js';

export interface RetryPolicy {
  /** Attempts after the first (default 3; 0 = no retry). */
  readonly retries: number;
  /** Time-out of one attempt, response and body, in ms (default 60000). Enforced with an AbortController. */
  readonly timeoutMs: number;
  /** Wait before the first retry, doubled for each later one (default 500 ms). */
  readonly baseDelayMs: number;
  /** Longest wait between attempts (default 30000 ms). */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ retries: 3, timeoutMs: 60_000, baseDelayMs: 500, maxDelayMs: 30_000 });

/** A policy from partial settings; InvalidArgument for a negative or non-finite number. */
export function retryPolicy(settings: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...settings };
  for (const [key, v] of Object.entries(policy)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (key === 'retries' && !Number.isInteger(v))) {
      throw new RadiomicsError('InvalidArgument', `DICOMweb retry policy: ${key} must be a ${key === 'retries' ? 'whole ' : ''}number >= 0, got ${String(v)}`, { option: key });
    }
  }
  if (policy.timeoutMs === 0) throw new RadiomicsError('InvalidArgument', 'DICOMweb retry policy: timeoutMs must be > 0', { option: 'timeoutMs' });
  return Object.freeze(policy);
}

/** The wait before retry `k` (1-based) without a Retry-After: min(base * 2^(k-1), max). */
export function backoffMs(policy: RetryPolicy, k: number): number {
  return Math.min(policy.baseDelayMs * 2 ** (k - 1), policy.maxDelayMs);
}

/** A Retry-After header in ms (delay-seconds or an HTTP-date, RFC 9110 section 10.2.3), or null. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** One attempt's failure as the retry loop sees it. */
export interface AttemptFailure {
  readonly ok: false;
  readonly error: RadiomicsError;
  /** Whether another attempt may succeed (429, 5xx, network, time-out, malformed body). */
  readonly transient: boolean;
  /** The server's Retry-After in ms, when it sent one. */
  readonly retryAfterMs?: number | null;
}

/** One attempt's outcome: its value, or a failure. */
export type Attempt<T> = { readonly ok: true; readonly value: T } | AttemptFailure;

/** A retry about to happen, for progress output (never holds credentials). */
export interface RetryEvent {
  readonly url: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly code: string;
  readonly message: string;
}

/**
 * Runs `attempt` (given its AbortSignal, which fires after timeoutMs, and its 1-based number) until it returns, fails for good,
 * or the retries are used up; then throws the last failure's error. `attempt` returns its value or an
 * AttemptFailure.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  url: string,
  idempotent: boolean,
  attempt: (signal: AbortSignal, attempt: number) => Promise<Attempt<T>>,
  options: { sleep?: (ms: number) => Promise<void>; onRetry?: (event: RetryEvent) => void; now?: () => number } = {},
): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let k = 0; ; k++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
    let outcome: Attempt<T>;
    try {
      outcome = await attempt(controller.signal, k + 1);
    } finally {
      clearTimeout(timer);
    }
    if (outcome.ok) return outcome.value;
    if (!outcome.transient || !idempotent || k >= policy.retries) throw outcome.error;
    const asked = outcome.retryAfterMs ?? null;
    if (asked !== null && asked > policy.maxDelayMs) throw outcome.error;
    const delayMs = Math.max(backoffMs(policy, k + 1), asked ?? 0);
    options.onRetry?.({ url, attempt: k + 1, delayMs, code: outcome.error.code, message: outcome.error.message });
    await sleep(delayMs);
  }
}
