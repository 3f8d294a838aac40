/**
 * Faults between the client and a real Orthanc: a loopback proxy (test/helpers/orthanc.ts) that answers
 * 500 / 429, truncates a multipart body, stalls, or drops the connection, and Orthanc stopped and started
 * again mid-run. Each ends in a retry that succeeds or in the typed error, nothing is stored twice, and the
 * credential appears in no error, detail or retry event.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createDicomwebClient, dicomJsonText, isRadiomicsError, type DicomwebClient, type RetryEvent, type RetryPolicy } from '../../../src/index.js';
import { DICOMWEB_FIXTURES as F, ORTHANC_AUTHORIZATION, ORTHANC_PASSWORD, dicomwebFixtureFiles, orthancMissing, startFaultProxy, startOrthanc, type FaultProxy, type OrthancServer } from '../../helpers/orthanc.js';

const missing = orthancMissing();

describe.skipIf(missing !== null)(`DICOMweb faults against Orthanc${missing === null ? '' : ` (skipped: ${missing})`}`, () => {
  let orthanc: OrthancServer;
  let proxy: FaultProxy;
  const seen: unknown[] = []; // every error and retry event, checked for the credential at the end
  const waits: number[] = [];

  function viaProxy(retry: Partial<RetryPolicy> = {}): DicomwebClient {
    return createDicomwebClient({
      url: proxy.dicomweb,
      authorization: () => ORTHANC_AUTHORIZATION,
      retry: { retries: 3, baseDelayMs: 10, maxDelayMs: 2000, timeoutMs: 5000, ...retry },
      onRetry: (e: RetryEvent) => seen.push(e),
      sleep: async (ms) => void waits.push(ms),
    });
  }
  async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; detail: Record<string, unknown> }> {
    const e = await p.then(
      () => null,
      (error: unknown) => error,
    );
    seen.push(e);
    if (!isRadiomicsError(e)) throw new Error(`expected a RadiomicsError, got ${String(e)}`);
    return { code: e.code, message: e.message, detail: { ...e.detail } };
  }

  beforeAll(async () => {
    orthanc = await startOrthanc();
    proxy = await startFaultProxy(orthanc.origin);
    const files = dicomwebFixtureFiles().filter(([p]) => p.includes('ibsi1-ct-phantom/dicom/image'));
    const stored = await createDicomwebClient({ url: orthanc.dicomweb, authorization: () => ORTHANC_AUTHORIZATION }).storeInstances(files.map(([, b]) => b));
    expect(stored.stored.length).toBe(60);
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await orthanc?.close();
  });
  beforeEach(() => {
    proxy.setFaults([]);
    proxy.requests.length = 0;
    waits.length = 0;
  });

  test('two 500s, then success: retried on the schedule 10, 20 ms', async () => {
    proxy.setFaults([{ kind: 'status', status: 500, count: 2, echo: true }]);
    const series = await viaProxy().searchSeries({}, F.ctStudy);
    expect(series.map((s) => dicomJsonText(s, '0020000E'))).toEqual([F.ctSeries]);
    expect(proxy.requests.map((r) => r.action)).toEqual(['status', 'status', 'pass']);
    expect(waits).toEqual([10, 20]);
  });

  test('500 on every attempt: DicomwebHttpError with status 500 after 1 + 3 attempts', async () => {
    proxy.setFaults([{ kind: 'status', status: 503, count: 10, echo: true }]);
    const e = await failure(viaProxy().searchStudies());
    expect(e.code).toBe('DicomwebHttpError');
    expect(e.detail).toMatchObject({ status: 503, attempts: 4, url: `${proxy.dicomweb}/studies` });
    expect(proxy.requests.length).toBe(4);
  });

  test('429 with Retry-After: 1 waits 1000 ms, then succeeds', async () => {
    proxy.setFaults([{ kind: 'status', status: 429, count: 1, retryAfter: '1' }]);
    await viaProxy().searchStudies();
    expect(waits).toEqual([1000]);
  });

  test('a truncated multipart body is retried; truncated every time it is DicomwebResponseError', async () => {
    proxy.setFaults([{ kind: 'truncate', count: 1 }]);
    expect((await viaProxy().retrieveSeries(F.ctStudy, F.ctSeries)).length).toBe(60);
    expect(proxy.requests.map((r) => r.action)).toEqual(['truncate', 'pass']);
    proxy.setFaults([{ kind: 'truncate', count: 10 }]);
    const e = await failure(viaProxy({ retries: 2 }).retrieveSeries(F.ctStudy, F.ctSeries));
    expect(e.code).toBe('DicomwebResponseError');
    expect(e.message).toMatch(/truncated/);
    expect(e.detail.attempts).toBe(3);
  });

  test('a stalled body is DicomwebTimeout after each attempt times out', async () => {
    proxy.setFaults([{ kind: 'stall', count: 10 }]);
    const started = Date.now();
    const e = await failure(viaProxy({ retries: 1, timeoutMs: 400 }).retrieveSeries(F.ctStudy, F.ctSeries));
    expect(e.code).toBe('DicomwebTimeout');
    expect(e.detail).toMatchObject({ timeoutMs: 400, attempts: 2 });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('a dropped connection is retried; dropped every time it is DicomwebNetworkError', async () => {
    proxy.setFaults([{ kind: 'drop', count: 1 }]);
    expect((await viaProxy().searchInstances({}, F.ctStudy, F.ctSeries)).length).toBe(60);
    proxy.setFaults([{ kind: 'drop', count: 10 }]);
    const e = await failure(viaProxy({ retries: 1 }).searchStudies());
    expect(e.code).toBe('DicomwebNetworkError');
  });

  test('STOW-RS whose answer is lost after the server stored it: the retry stores the same instance, not a second one', async () => {
    const [[, seg]] = dicomwebFixtureFiles().filter(([p]) => p.endsWith('seg-two-segments.dcm'));
    proxy.setFaults([{ kind: 'drop', count: 1, method: 'POST', afterForward: true }]);
    const result = await viaProxy().storeInstances([seg]);
    expect(result.failed).toEqual([]);
    expect(proxy.requests.filter((r) => r.method === 'POST').map((r) => r.action)).toEqual(['drop', 'pass']);
    expect((await viaProxy().searchInstances({}, F.axialStudy, F.segSeries)).length).toBe(1);
  });

  test('STOW-RS marked non-idempotent is tried once', async () => {
    const [[, seg]] = dicomwebFixtureFiles().filter(([p]) => p.endsWith('seg-two-segments.dcm'));
    proxy.setFaults([{ kind: 'status', status: 503, count: 1, method: 'POST' }]);
    const e = await failure(viaProxy().storeInstances([seg], { idempotent: false }));
    expect([e.code, e.detail.status, proxy.requests.length]).toEqual(['DicomwebHttpError', 503, 1]);
  });

  test('Orthanc stopped mid-run: connection refused is retried, and the request succeeds once Orthanc is back', async () => {
    let restarts = 0;
    const client = createDicomwebClient({
      url: orthanc.dicomweb,
      authorization: () => ORTHANC_AUTHORIZATION,
      retry: { retries: 3, baseDelayMs: 10 },
      onRetry: (e) => seen.push(e),
      sleep: async () => {
        if (restarts++ === 0) await orthanc.start(); // the server comes back while the client waits
      },
    });
    await orthanc.stop();
    const series = await client.retrieveSeries(F.ctStudy, F.ctSeries);
    expect(series.length).toBe(60);
    expect(restarts).toBe(1);
    await orthanc.stop();
    const e = await failure(createDicomwebClient({ url: orthanc.dicomweb, retry: { retries: 1, baseDelayMs: 1 } }).searchStudies());
    expect(e.code).toBe('DicomwebNetworkError');
    await orthanc.start();
  }, 60_000);

  test('the credential appears in no error message, detail, cause or retry event', () => {
    expect(seen.length).toBeGreaterThan(10);
    const token = ORTHANC_AUTHORIZATION.split(' ')[1];
    for (const s of seen) {
      const e = s as { message?: string; detail?: unknown; cause?: { message?: string }; stack?: string };
      const text = [JSON.stringify(s), e.message, JSON.stringify(e.detail), e.cause?.message, e.stack].join('\n');
      expect(text).not.toContain(token);
      expect(text).not.toContain(ORTHANC_PASSWORD);
    }
  });
});
