/**
 * A real Orthanc (Debian packages `orthanc` and `orthanc-dicomweb`) for the DICOMweb tests: started on a
 * free loopback HTTP port with the DICOMweb plugin, a temporary storage folder, RemoteAccessAllowed false,
 * the DICOM port off, and HTTP Basic authentication on (so the tests exercise the Authorization header).
 * `.ci/run` installs the packages and sets RADIOMICS_REQUIRE_ORTHANC=1, so there a missing Orthanc fails
 * the tests; elsewhere they are skipped with that reason.
 *
 * Also a fault proxy (node:http on 127.0.0.1) in front of it that can answer 500 / 429, truncate a body,
 * stall, or drop the connection, for the retry and typed-error tests. Every loop here is bounded in count
 * and time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ORTHANC_PATH = process.env.ORTHANC_PATH ?? '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN = process.env.ORTHANC_DICOMWEB_PLUGIN ?? '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

/** The test user's credentials (a test server on loopback; not a secret of anyone's). */
export const ORTHANC_USER = 'radiomics';
export const ORTHANC_PASSWORD = 'tok3n-never-logged-9f2c';
export const ORTHANC_AUTHORIZATION = `Basic ${Buffer.from(`${ORTHANC_USER}:${ORTHANC_PASSWORD}`).toString('base64')}`;

/** Why Orthanc tests cannot run here, or null when they can; throws when CI requires them. */
export function orthancMissing(): string | null {
  const missing = [ORTHANC_PATH, DICOMWEB_PLUGIN].filter((p) => !existsSync(p));
  if (missing.length === 0) return null;
  const reason = `Orthanc tests need ${missing.join(' and ')} (apt-get install orthanc orthanc-dicomweb)`;
  if (process.env.RADIOMICS_REQUIRE_ORTHANC === '1') throw new Error(`RADIOMICS_REQUIRE_ORTHANC=1 but ${reason}`);
  return reason;
}

export interface OrthancServer {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** The DICOMweb root: origin + /dicom-web */
  readonly dicomweb: string;
  readonly storage: string;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s); the storage is kept for start(). */
  stop(): Promise<void>;
  /** Starts it again on the same port and storage. */
  start(): Promise<void>;
  /** Stops it and deletes the storage. */
  close(): Promise<void>;
  /** Orthanc's log so far (for a failing test's message). */
  log(): string;
}

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts Orthanc with the DICOMweb plugin on a free loopback port and waits until it answers. */
export async function startOrthanc(): Promise<OrthancServer> {
  const dir = mkdtempSync(join(tmpdir(), 'radiomics-orthanc-'));
  const storage = join(dir, 'db');
  const port = await freePort();
  const config = {
    Name: 'radiomics-test',
    StorageDirectory: storage,
    IndexDirectory: storage,
    HttpPort: port,
    HttpServerEnabled: true,
    HttpCompressionEnabled: false,
    DicomServerEnabled: false,
    DicomPort: await freePort(),
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { [ORTHANC_USER]: ORTHANC_PASSWORD },
    OrthancExplorerEnabled: false,
    WebDavEnabled: false,
    SaveJobs: false,
    StableAge: 1,
    HttpThreadsCount: 8,
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false, Host: `127.0.0.1:${port}`, Ssl: false },
  };
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const origin = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let logText = '';

  async function start(): Promise<void> {
    const proc = spawn(ORTHANC_PATH, [configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout?.on('data', (d: Buffer) => (logText += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (logText += d.toString()));
    const deadline = Date.now() + 30_000;
    for (let i = 0; i < 300 && Date.now() < deadline; i++) {
      if (proc.exitCode !== null) throw new Error(`Orthanc exited with ${proc.exitCode} at start-up:\n${logText.slice(-3000)}`);
      try {
        const r = await fetch(`${origin}/dicom-web/studies`, { headers: { authorization: ORTHANC_AUTHORIZATION }, signal: AbortSignal.timeout(2000) });
        await r.arrayBuffer();
        if (r.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    proc.kill('SIGKILL');
    throw new Error(`Orthanc did not answer within 30 s:\n${logText.slice(-3000)}`);
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = null;
    if (proc === null || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  await start();
  return {
    origin,
    dicomweb: `${origin}/dicom-web`,
    storage,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => logText,
  };
}

/** What the fault proxy does to the next `count` requests (matching `method`, when given); then it passes them through. */
export type Fault =
  /** Answers `status` itself; with `echo`, its body repeats the request's headers (a careless server), to test that errors scrub them. */
  | { readonly kind: 'status'; readonly status: number; readonly count: number; readonly retryAfter?: string; readonly method?: string; readonly echo?: boolean }
  /** Forwards the request, then sends the headers and the first half of the body and ends the response cleanly. */
  | { readonly kind: 'truncate'; readonly count: number; readonly method?: string }
  /** Forwards the request, then sends the headers and half the body and never finishes. */
  | { readonly kind: 'stall'; readonly count: number; readonly method?: string }
  /** Closes the connection without an answer (after forwarding, when `afterForward`: the server did the work). */
  | { readonly kind: 'drop'; readonly count: number; readonly method?: string; readonly afterForward?: boolean };

export interface FaultProxy {
  readonly origin: string;
  /** origin + /dicom-web */
  readonly dicomweb: string;
  /** Every request seen: method, path, whether it carried an Authorization header, what was done. */
  readonly requests: { method: string; path: string; authorized: boolean; action: string }[];
  setFaults(faults: readonly Fault[]): void;
  close(): Promise<void>;
}

/** A proxy on 127.0.0.1 in front of `upstream` (an origin), injecting faults. */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  let faults: { fault: Fault; left: number }[] = [];
  const requests: FaultProxy['requests'] = [];
  const sockets = new Set<Socket>();
  const target = new URL(upstream);

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const headers = { ...req.headers, host: target.host };
      const up = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      up.on('error', reject);
      up.end(body);
    });

  const server: Server = createHttpServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const slot = faults.find((f) => f.left > 0 && (f.fault.method === undefined || f.fault.method === req.method));
    const fault = slot?.fault;
    if (slot) slot.left--;
    requests.push({ method: req.method ?? '', path: req.url ?? '', authorized: req.headers.authorization !== undefined, action: fault?.kind ?? 'pass' });
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'text/plain', ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }) });
      res.end(`injected ${fault.status}${fault.echo ? `: ${JSON.stringify(req.headers)}` : ''}`);
      return;
    }
    if (fault?.kind === 'drop' && !fault.afterForward) {
      req.socket.destroy();
      return;
    }
    let answer;
    try {
      answer = await forward(req, body);
    } catch {
      res.writeHead(502).end('upstream unreachable');
      return;
    }
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    const headers = { ...answer.headers };
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    delete headers.connection;
    delete headers['keep-alive'];
    if (fault?.kind === 'truncate') {
      res.writeHead(answer.status, headers);
      res.end(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
      return;
    }
    if (fault?.kind === 'stall') {
      res.writeHead(answer.status, headers);
      res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
      return; // never ended; the client times out, close() destroys the socket
    }
    res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    dicomweb: `${origin}/dicom-web`,
    requests,
    setFaults(list) {
      faults = list.map((fault) => ({ fault, left: fault.count }));
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;

/** The DICOM fixtures the DICOMweb tests upload: the CT phantom with its RTSTRUCT, and the axial series with its RTSTRUCT and SEG. */
export const DICOMWEB_FIXTURES = {
  ctImage: join(FIXTURES, 'ibsi1-ct-phantom/dicom/image'),
  ctRtstruct: join(FIXTURES, 'ibsi1-ct-phantom/dicom/mask/DCM_RS_00060.dcm'),
  axialImage: ['slice-a.dcm', 'slice-b.dcm', 'slice-c.dcm', 'slice-d.dcm'].map((f) => join(FIXTURES, 'dicom/axial-shuffled', f)),
  axialRtstruct: join(FIXTURES, 'dicom/axial-shuffled/rtstruct.dcm'),
  seg: join(FIXTURES, 'dicom/seg-two-segments.dcm'),
  /** Study, series and key UIDs of the fixtures (from dcmdump). */
  ctStudy: '1.3.6.1.4.1.9590.100.1.2.96328687310426543129572151154132284399',
  ctSeries: '1.3.6.1.4.1.9590.100.1.2.296658988911737913102339329841519593982',
  ctRtstructSeries: '1.3.6.1.4.1.9590.100.1.2.258301620411152643708006163321128526885',
  axialStudy: '1.2.826.0.1.3680043.10.1559.7.1',
  axialSeries: '1.2.826.0.1.3680043.10.1559.7.3.1',
  axialRtstructSeries: '1.2.826.0.1.3680043.10.1559.7.3.1.90',
  segSeries: '1.2.826.0.1.3680043.10.1559.7.3.1.80.1',
} as const;

/** Every fixture file to upload, as [path, bytes]. */
export function dicomwebFixtureFiles(): [string, Uint8Array][] {
  const f = DICOMWEB_FIXTURES;
  const ct = readdirSync(f.ctImage).filter((n) => n.endsWith('.dcm')).sort().map((n) => join(f.ctImage, n));
  return [...ct, f.ctRtstruct, ...f.axialImage, f.axialRtstruct, f.seg].map((p) => [p, new Uint8Array(readFileSync(p))]);
}
