/**
 * The retry and time-out policy: the deterministic backoff schedule, Retry-After (seconds and HTTP-date),
 * what is and is not retried, and that a non-idempotent request is tried once.
 */
import { describe, expect, test } from 'vitest';
import { RadiomicsError } from '../../../src/errors.js';
import { backoffMs, retryAfterMs, retryPolicy, withRetry, type Attempt } from '../../../src/io/dicomweb/retry.js';

const policy = retryPolicy({ retries: 4, baseDelayMs: 100, maxDelayMs: 1000, timeoutMs: 5000 });
const fail = (transient: boolean, retryAfter: number | null = null): Attempt<number> => ({ ok: false, transient, retryAfterMs: retryAfter, error: new RadiomicsError('DicomwebHttpError', 'HTTP 503', { status: 503 }) });

/** Runs withRetry over a scripted list of outcomes; returns the value or error and the waits. */
async function run(outcomes: Attempt<number>[], idempotent = true) {
  const waits: number[] = [];
  let calls = 0;
  try {
    const value = await withRetry(policy, 'http://x/', idempotent, async () => outcomes[Math.min(calls++, outcomes.length - 1)], { sleep: async (ms) => void waits.push(ms) });
    return { value, waits, calls };
  } catch (error) {
    return { error: error as RadiomicsError, waits, calls };
  }
}

describe('backoffMs', () => {
  test('backoffMs(policy, 1..6) = 100, 200, 400, 800, 1000, 1000', () => {
    expect([1, 2, 3, 4, 5, 6].map((k) => backoffMs(policy, k))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
});

describe('retryAfterMs', () => {
  test('delay-seconds and HTTP-date', () => {
    expect(retryAfterMs('7', 0)).toBe(7000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs('soon', 0)).toBeNull();
    expect(retryAfterMs(null, 0)).toBeNull();
  });
});

describe('withRetry', () => {
  test('transient failures are retried on the fixed schedule until success', async () => {
    const r = await run([fail(true), fail(true), fail(true), { ok: true, value: 42 }]);
    expect(r).toEqual({ value: 42, waits: [100, 200, 400], calls: 4 });
  });
  test('after `retries` retries the last error is thrown', async () => {
    const r = await run([fail(true)]);
    expect(r.error?.code).toBe('DicomwebHttpError');
    expect(r.calls).toBe(5);
    expect(r.waits).toEqual([100, 200, 400, 800]);
  });
  test('a permanent failure (e.g. 404) is not retried', async () => {
    const r = await run([fail(false), { ok: true, value: 1 }]);
    expect([r.error?.code, r.calls, r.waits]).toEqual(['DicomwebHttpError', 1, []]);
  });
  test('a non-idempotent request is tried once', async () => {
    const r = await run([fail(true), { ok: true, value: 1 }], false);
    expect([r.error?.code, r.calls]).toEqual(['DicomwebHttpError', 1]);
  });
  test('Retry-After longer than the backoff is honoured', async () => {
    const r = await run([fail(true, 700), { ok: true, value: 1 }]);
    expect(r.waits).toEqual([700]);
  });
  test('Retry-After longer than maxDelayMs gives up with the server error instead of waiting less', async () => {
    const r = await run([fail(true, 5000), { ok: true, value: 1 }]);
    expect([r.error?.code, r.calls, r.waits]).toEqual(['DicomwebHttpError', 1, []]);
  });
  test('each attempt gets a signal that aborts after timeoutMs', async () => {
    const short = retryPolicy({ retries: 0, timeoutMs: 20 });
    const aborted = await withRetry(short, 'http://x/', true, (signal) => new Promise<Attempt<boolean>>((resolve) => signal.addEventListener('abort', () => resolve({ ok: true, value: signal.aborted }))));
    expect(aborted).toBe(true);
  });
});

describe('retryPolicy', () => {
  test('rejects negative, fractional retries and a zero time-out', () => {
    expect(() => retryPolicy({ retries: -1 })).toThrow(/retries must be a whole number/);
    expect(() => retryPolicy({ retries: 1.5 })).toThrow(/retries/);
    expect(() => retryPolicy({ timeoutMs: 0 })).toThrow(/timeoutMs must be > 0/);
    expect(() => retryPolicy({ baseDelayMs: Number.NaN })).toThrow(/baseDelayMs/);
  });
});
