/**
 * A DICOMweb client (DICOM PS3.18): one object, one method per resource. QIDO-RS searches, WADO-RS
 * retrieves (instances and frames as multipart/related, metadata as DICOM JSON), STOW-RS stores. Built on
 * the global `fetch`, so it runs in browsers, workers and Node 20 alike; no Node built-in.
 *
 * Every request goes through the one retry and time-out policy (retry.ts) and the one multipart parser
 * (multipart.ts). Every failure is a RadiomicsError: DicomwebHttpError (detail: status, url), DicomwebTimeout,
 * DicomwebNetworkError, DicomwebResponseError.
 *
 * Credentials: an Authorization header value comes from the `authorization` callback, asked before each
 * attempt (a token can be refreshed between them). It is sent and nothing else: it never enters an error
 * message or detail, a retry event or a result; any text the server or the network stack sends back is
 * scrubbed of it before it goes into an error. A URL with user:password@ in it is refused (InvalidArgument),
 * because a URL ends up in errors, logs and provenance.
 */
import { RadiomicsError } from '../../errors.js';
import { buildMultipart, parseMediaType, parseMultipart } from './multipart.js';
import { retryAfterMs, retryPolicy, withRetry, type Attempt, type RetryEvent, type RetryPolicy } from './retry.js';

/** A data set in the DICOM JSON model (PS3.18 annex F): tag "GGGGEEEE" -> { vr, Value?, ... }. */
export type DicomJson = Readonly<Record<string, { readonly vr: string; readonly Value?: readonly unknown[]; readonly InlineBinary?: string; readonly BulkDataURI?: string }>>;

/** QIDO-RS query parameters: attribute keywords or tags with their match values, includefield, limit, offset, fuzzymatching. A list repeats the key. */
export type QidoQuery = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** The header value to send as Authorization (e.g. "Bearer ..."), or null/undefined for none. */
export type AuthorizationProvider = () => string | null | undefined | Promise<string | null | undefined>;

export interface DicomwebClientOptions {
  /** The DICOMweb root, e.g. http://127.0.0.1:8042/dicom-web (no credentials in it). */
  readonly url: string;
  readonly authorization?: AuthorizationProvider;
  /** Retry and time-out settings (retry.ts; defaults: 3 retries, 60 s per attempt, 0.5 s doubling to 30 s). */
  readonly retry?: Partial<RetryPolicy>;
  /** Called before each retry (for progress output); the event holds no credentials. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** The fetch to use (default: the global one). */
  readonly fetch?: typeof fetch;
  /** The wait between attempts (default: setTimeout); tests pass a recorder. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A STOW-RS answer: the instances stored and those refused (with the server's Failure Reason, PS3.18 table I.2-1). */
export interface StowResult {
  readonly stored: readonly { readonly sopClassUid: string; readonly sopInstanceUid: string }[];
  readonly failed: readonly { readonly sopClassUid: string; readonly sopInstanceUid: string; readonly reason: number | null }[];
}

export interface DicomwebClient {
  /** The DICOMweb root this client talks to. */
  readonly url: string;
  readonly policy: RetryPolicy;
  /** QIDO-RS /studies. */
  searchStudies(query?: QidoQuery): Promise<DicomJson[]>;
  /** QIDO-RS /series, or /studies/{study}/series. */
  searchSeries(query?: QidoQuery, study?: string): Promise<DicomJson[]>;
  /** QIDO-RS /instances, /studies/{study}/instances or /studies/{study}/series/{series}/instances. */
  searchInstances(query?: QidoQuery, study?: string, series?: string): Promise<DicomJson[]>;
  /** WADO-RS: every instance of a series, as DICOM Part 10 files (in the server's order). */
  retrieveSeries(study: string, series: string): Promise<Uint8Array[]>;
  /** WADO-RS: one instance as a DICOM Part 10 file. */
  retrieveInstance(study: string, series: string, instance: string): Promise<Uint8Array>;
  /** WADO-RS: frames (1-based numbers) of one instance, as the server's pixel bytes of each frame. */
  retrieveFrames(study: string, series: string, instance: string, frames: readonly number[]): Promise<Uint8Array[]>;
  /** WADO-RS: the metadata (DICOM JSON, bulk data by reference) of every instance of a series. */
  retrieveSeriesMetadata(study: string, series: string): Promise<DicomJson[]>;
  /** WADO-RS: the metadata of one instance. */
  retrieveInstanceMetadata(study: string, series: string, instance: string): Promise<DicomJson[]>;
  /**
   * STOW-RS: stores DICOM Part 10 files (one multipart/related POST). Retried like a GET unless
   * `idempotent` is false: see retry.ts for why re-storing the same instances is safe.
   */
  storeInstances(instances: readonly Uint8Array[], options?: { study?: string; idempotent?: boolean }): Promise<StowResult>;
}

const DICOM_MULTIPART = 'multipart/related; type="application/dicom"; transfer-syntax=*';
const FRAMES_MULTIPART = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
const DICOM_JSON = 'application/dicom+json';

interface RawResponse {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: Uint8Array;
}

export function createDicomwebClient(options: DicomwebClientOptions): DicomwebClient {
  const root = baseUrl(options.url);
  const policy = retryPolicy(options.retry);
  const fetchFn = options.fetch ?? globalThis.fetch;
  const seg = encodeURIComponent;

  /** One request under the policy; `decode` turns a 2xx into the value (a DicomwebResponseError from it is retried). */
  async function request<T>(method: 'GET' | 'POST', path: string, init: { accept: string; body?: Uint8Array; contentType?: string; idempotent?: boolean }, decode: (r: RawResponse, url: string) => T): Promise<T> {
    const url = `${root}${path}`;
    return withRetry(
      policy,
      url,
      init.idempotent ?? true,
      async (signal, attempt): Promise<Attempt<T>> => {
        const authorization = (await options.authorization?.()) ?? null;
        const scrub = (text: string) => redact(text, authorization);
        const headers: Record<string, string> = { accept: init.accept };
        if (authorization !== null && authorization !== '') headers.authorization = authorization;
        if (init.contentType !== undefined) headers['content-type'] = init.contentType;
        const where = `${method} ${url}`;
        let response: Response;
        try {
          response = await fetchFn(url, { method, headers, body: init.body as BodyInit | undefined, signal });
        } catch (cause) {
          return transportFailure(signal, cause, where, url, attempt, policy, scrub);
        }
        let body: Uint8Array;
        try {
          body = new Uint8Array(await response.arrayBuffer());
        } catch (cause) {
          return transportFailure(signal, cause, where, url, attempt, policy, scrub);
        }
        if (response.status < 200 || response.status > 299) {
          const transient = response.status === 429 || response.status >= 500;
          const excerpt = scrub(new TextDecoder().decode(body.subarray(0, 300))).replace(/\s+/g, ' ').trim();
          const error = new RadiomicsError('DicomwebHttpError', `${where}: HTTP ${response.status}${response.statusText === '' ? '' : ` ${scrub(response.statusText)}`}${excerpt === '' ? '' : `: ${excerpt}`} (attempt ${attempt})`, { status: response.status, url, method, attempts: attempt });
          return { ok: false, error, transient, retryAfterMs: retryAfterMs(response.headers.get('retry-after'), Date.now()) };
        }
        try {
          return { ok: true, value: decode({ status: response.status, contentType: response.headers.get('content-type'), body }, url) };
        } catch (e) {
          if (e instanceof RadiomicsError && e.code === 'DicomwebResponseError') {
            return { ok: false, error: new RadiomicsError(e.code, `${scrub(e.message)} (attempt ${attempt})`, { ...e.detail, attempts: attempt }, { cause: e }), transient: true };
          }
          throw e;
        }
      },
      { sleep: options.sleep, onRetry: options.onRetry },
    );
  }

  const getJson = (path: string, query?: QidoQuery) => request('GET', `${path}${queryString(query)}`, { accept: DICOM_JSON }, decodeJsonArray);
  const getDicom = (path: string) => request('GET', path, { accept: DICOM_MULTIPART }, decodeDicomParts);
  const studyPath = (study?: string) => (study === undefined ? '' : `/studies/${seg(study)}`);

  return {
    url: root,
    policy,
    searchStudies: (query) => getJson('/studies', query),
    searchSeries: (query, study) => getJson(`${studyPath(study)}/series`, query),
    searchInstances: (query, study, series) => getJson(`${studyPath(study)}${series === undefined ? '' : `/series/${seg(series)}`}/instances`, query),
    retrieveSeries: (study, series) => getDicom(`/studies/${seg(study)}/series/${seg(series)}`),
    async retrieveInstance(study, series, instance) {
      const parts = await getDicom(`/studies/${seg(study)}/series/${seg(series)}/instances/${seg(instance)}`);
      if (parts.length !== 1) throw new RadiomicsError('DicomwebResponseError', `${root}: expected one instance ${instance}, got ${parts.length}`, { url: root, parts: parts.length });
      return parts[0];
    },
    async retrieveFrames(study, series, instance, frames) {
      if (frames.length === 0 || frames.some((f) => !Number.isInteger(f) || f < 1)) throw new RadiomicsError('InvalidArgument', `frame numbers must be whole numbers >= 1, got [${frames.join(', ')}]`, { frames });
      const path = `/studies/${seg(study)}/series/${seg(series)}/instances/${seg(instance)}/frames/${frames.join(',')}`;
      return request('GET', path, { accept: FRAMES_MULTIPART }, (r, url) => {
        const parts = parseMultipart(r.body, r.contentType, url).map((p) => p.body);
        if (parts.length !== frames.length) throw new RadiomicsError('DicomwebResponseError', `${url}: asked for ${frames.length} frame(s), got ${parts.length}`, { url, parts: parts.length });
        return parts;
      });
    },
    retrieveSeriesMetadata: (study, series) => getJson(`/studies/${seg(study)}/series/${seg(series)}/metadata`),
    retrieveInstanceMetadata: (study, series, instance) => getJson(`/studies/${seg(study)}/series/${seg(series)}/instances/${seg(instance)}/metadata`),
    async storeInstances(instances, storeOptions = {}) {
      if (instances.length === 0) return { stored: [], failed: [] };
      const { body, contentType } = buildMultipart(instances, 'application/dicom', boundaryFor(instances));
      return request('POST', storeOptions.study === undefined ? '/studies' : studyPath(storeOptions.study), { accept: DICOM_JSON, body, contentType, idempotent: storeOptions.idempotent ?? true }, decodeStow);
    },
  };
}

/** The root URL without a trailing slash; InvalidArgument for a non-HTTP URL or one with credentials (named without them). */
function baseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RadiomicsError('InvalidArgument', 'DICOMweb URL is not a valid absolute URL', { option: 'url' });
  }
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = '';
    parsed.password = '';
    throw new RadiomicsError('InvalidArgument', `DICOMweb URL ${parsed.href} holds credentials: pass them as an Authorization header (RADIOMICS_DICOMWEB_AUTHORIZATION), never in the URL`, { url: parsed.href });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new RadiomicsError('InvalidArgument', `DICOMweb URL must be http: or https:, got ${parsed.protocol}`, { url: parsed.href });
  if (parsed.search !== '' || parsed.hash !== '') throw new RadiomicsError('InvalidArgument', 'DICOMweb URL must not have a query or fragment', { url: `${parsed.origin}${parsed.pathname}` });
  return parsed.href.replace(/\/+$/, '');
}

function queryString(query: QidoQuery | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Replaces the credential (and its token part after the scheme) in text that came from outside. */
function redact(text: string, authorization: string | null): string {
  if (authorization === null || authorization === '') return text;
  let out = text.split(authorization).join('[redacted]');
  const token = authorization.replace(/^\S+\s+/, '');
  if (token.length >= 4) out = out.split(token).join('[redacted]');
  return out;
}

/** A failed fetch or body read: a time-out when our signal fired, else a network failure; both transient. */
function transportFailure(signal: AbortSignal, cause: unknown, where: string, url: string, attempt: number, policy: RetryPolicy, scrub: (t: string) => string): Attempt<never> {
  if (signal.aborted) {
    return { ok: false, transient: true, error: new RadiomicsError('DicomwebTimeout', `${where}: no complete answer within ${policy.timeoutMs} ms (attempt ${attempt})`, { url, timeoutMs: policy.timeoutMs, attempts: attempt }) };
  }
  const e = cause as { message?: string; cause?: { code?: string; message?: string } };
  const reason = scrub([e?.message, e?.cause?.code ?? e?.cause?.message].filter((s) => typeof s === 'string' && s !== '').join(': '));
  // The cause is not attached: a dependency's error object may carry the request, headers included.
  return { ok: false, transient: true, error: new RadiomicsError('DicomwebNetworkError', `${where}: ${reason === '' ? 'network failure' : reason} (attempt ${attempt})`, { url, attempts: attempt }) };
}

function decodeJsonArray(r: RawResponse, url: string): DicomJson[] {
  if (r.status === 204 || r.body.length === 0) return []; // QIDO-RS: no match
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(r.body));
  } catch {
    throw new RadiomicsError('DicomwebResponseError', `${url}: answer is not valid JSON (${r.body.length} bytes; Content-Type "${r.contentType ?? ''}")`, { url, bytes: r.body.length });
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'object' || v === null || Array.isArray(v))) {
    throw new RadiomicsError('DicomwebResponseError', `${url}: answer is not a DICOM JSON array of data sets`, { url });
  }
  return value as DicomJson[];
}

function decodeDicomParts(r: RawResponse, url: string): Uint8Array[] {
  return parseMultipart(r.body, r.contentType, url).map((part, i) => {
    const type = part.contentType === '' ? 'application/dicom' : parseMediaType(part.contentType).type;
    const magic = part.body.length >= 132 && part.body[128] === 0x44 && part.body[129] === 0x49 && part.body[130] === 0x43 && part.body[131] === 0x4d;
    if (type !== 'application/dicom' || !magic) throw new RadiomicsError('DicomwebResponseError', `${url}: part ${i + 1} is not a DICOM file (Content-Type "${part.contentType}", ${part.body.length} bytes)`, { url, part: i + 1 });
    return part.body;
  });
}

function decodeStow(r: RawResponse, url: string): StowResult {
  // PS3.18 section 10.5.3: the answer is one data set; some servers wrap it in an array.
  let answer: DicomJson = {};
  if (r.body.length > 0) {
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(r.body));
    } catch {
      throw new RadiomicsError('DicomwebResponseError', `${url}: STOW-RS answer is not valid JSON (${r.body.length} bytes)`, { url, bytes: r.body.length });
    }
    const ds = Array.isArray(value) ? value[0] : value;
    if (typeof ds !== 'object' || ds === null) throw new RadiomicsError('DicomwebResponseError', `${url}: STOW-RS answer is not a DICOM JSON data set`, { url });
    answer = ds as DicomJson;
  }
  const items = (tag: string) => (answer[tag]?.Value ?? []) as DicomJson[];
  const text = (ds: DicomJson, tag: string) => String(ds[tag]?.Value?.[0] ?? '');
  return {
    stored: items('00081199').map((ds) => ({ sopClassUid: text(ds, '00081150'), sopInstanceUid: text(ds, '00081155') })),
    failed: items('00081198').map((ds) => {
      const reason = ds['00081197']?.Value?.[0];
      return { sopClassUid: text(ds, '00081150'), sopInstanceUid: text(ds, '00081155'), reason: typeof reason === 'number' ? reason : null };
    }),
  };
}

/**
 * A fixed prefix with the part count and total length: deterministic (the same instances give the same
 * body on every attempt) and checked against every part by buildMultipart, which refuses a boundary
 * found in a part.
 */
function boundaryFor(instances: readonly Uint8Array[]): string {
  const total = instances.reduce((n, p) => n + p.length, 0);
  return `radiomics-stow-${instances.length}-${total}-7f3a9c1e5b`;
}

/** The first value of a tag in a DICOM JSON data set, as text ('' when absent). */
export function dicomJsonText(ds: DicomJson, tag: string): string {
  const v = ds[tag]?.Value?.[0];
  if (v === undefined || v === null) return '';
  if (typeof v === 'object' && 'Alphabetic' in (v as object)) return String((v as { Alphabetic: unknown }).Alphabetic);
  return String(v);
}
