/**
 * `radiomics dicomweb extract|watch` (the built CLI, as a user runs it) against a real Orthanc with its
 * DICOMweb plugin. The acceptance test: the SR of the CT phantom (RTSTRUCT "GTV-1", IBSI configuration C)
 * stored in Orthanc reads back with the values of a local `radiomics extract` of the same files. And watch
 * processes every segmentation exactly once: across passes, after a kill mid-run, with a lost state file,
 * with two runs at once, and through server faults (500s on STOW, Orthanc stopped mid-run).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDicomwebClient, dicomJsonText, readDicomSr, type DicomwebClient } from '../../src/index.js';
import { DICOMWEB_FIXTURES as F, ORTHANC_AUTHORIZATION, ORTHANC_PASSWORD, dicomwebFixtureFiles, orthancMissing, startFaultProxy, startOrthanc, type FaultProxy, type OrthancServer } from '../helpers/orthanc.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/radiomics.js');
const missing = orthancMissing();
const ENV = { ...process.env, RADIOMICS_DICOMWEB_AUTHORIZATION: ORTHANC_AUTHORIZATION };
const TOKEN = ORTHANC_AUTHORIZATION.split(' ')[1];
/** Segmentation parts among the fixtures: CT GTV-1, axial "ring" and "box", SEG segments 1 and 2. */
const CASES = 5;

/**
 * Runs the CLI without blocking this process (the fault proxy runs in it), bounded at 240 s. `onStderr`
 * sees the whole stderr after each chunk and the child, to kill or stop something mid-run. Every run's
 * output is checked for the credential.
 */
function cli(args: string[], options: { env?: NodeJS.ProcessEnv; onStderr?: (text: string, child: ChildProcess) => void } = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: options.env ?? ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      options.onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      for (const text of [stdout, stderr]) {
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain(ORTHANC_PASSWORD);
      }
      resolve({ status, stdout, stderr });
    });
  });
}

describe.skipIf(missing !== null)(`radiomics dicomweb against Orthanc${missing === null ? '' : ` (skipped: ${missing})`}`, () => {
  let orthanc: OrthancServer;
  let client: DicomwebClient;
  let dir: string;
  const config = (name: string, families: string[]) => {
    const path = join(dir, `config-${name}.json`);
    writeFileSync(path, JSON.stringify({ families }));
    return path;
  };
  /** Our SRs in the archive: [segmentation SOP Instance UID / part, config hash] of each, one entry per SR instance. */
  async function srsInArchive(): Promise<string[]> {
    const out: string[] = [];
    for (const study of [F.ctStudy, F.axialStudy]) {
      for (const s of await client.searchSeries({ Modality: 'SR' }, study)) {
        for (const bytes of await client.retrieveSeries(study, dicomJsonText(s, '0020000E'))) {
          const sr = readDicomSr(bytes);
          for (const g of sr.groups) {
            const seg = g.segmentation;
            out.push(`${seg?.instance.sopInstanceUid}/${seg?.kind === 'SEG' ? seg.segmentNumber : seg?.roiNumber}/${g.configHash}`);
          }
        }
      }
    }
    return out.sort();
  }
  const stateOf = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { cases: Record<string, { status: string; error?: { code: string }; attempts: number }> };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'radiomics-dicomweb-cli-'));
    orthanc = await startOrthanc();
    client = createDicomwebClient({ url: orthanc.dicomweb, authorization: () => ORTHANC_AUTHORIZATION });
    const stored = await client.storeInstances(dicomwebFixtureFiles().map(([, b]) => b));
    expect(stored.failed).toEqual([]);
  }, 60_000);
  afterAll(async () => {
    await orthanc?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('acceptance: dicomweb extract --store of the CT phantom GTV-1 (ibsi1-C): the SR read back from Orthanc holds the values of a local radiomics extract', async () => {
    const srFile = join(dir, 'ct.sr.dcm');
    const args = ['dicomweb', 'extract', '--url', orthanc.dicomweb, '--study', F.ctStudy, '--mask-series', F.ctRtstructSeries, '--roi', 'GTV-1', '--preset', 'ibsi1-C', '--store', '--sr', srFile, '--format', 'json'];
    const r = await cli(args);
    expect(r.stderr).toMatch(/SR stored: SOP Instance UID 2\.25\.\d+/);
    expect(r.status).toBe(0);
    const uid = /SOP Instance UID (\S+)/.exec(r.stderr)?.[1] ?? '';
    const remote = JSON.parse(r.stdout);

    const local = await cli(['extract', '--image', F.ctImage, '--mask', F.ctRtstruct, '--roi', 'GTV-1', '--preset', 'ibsi1-C', '--format', 'json']);
    expect(local.status).toBe(0);
    const localFeatures: { id: string; value: number | null }[] = JSON.parse(local.stdout).features;
    expect(remote.features).toEqual(JSON.parse(local.stdout).features);

    const [found] = await client.searchInstances({ SOPInstanceUID: uid }, F.ctStudy);
    const bytes = await client.retrieveInstance(F.ctStudy, dicomJsonText(found, '0020000E'), uid);
    expect(Buffer.from(bytes).equals(readFileSync(srFile))).toBe(true);
    expect(readFileSync(srFile).toString('latin1')).not.toContain(TOKEN); // nor in the SR (its provenance and configuration)
    const sr = readDicomSr(bytes);
    const back = new Map(sr.features.map((f) => [f.id, f.value]));
    expect(sr.features.length).toBe(localFeatures.length);
    for (const f of localFeatures) expect([f.id, back.get(f.id)]).toEqual([f.id, f.value]);

    // Again: the same SR UID, found before STOW, not stored a second time.
    const again = await cli(args);
    expect(again.stderr).toContain(`SR already in the archive: SOP Instance UID ${uid}`);
    expect((await client.searchInstances({ SOPInstanceUID: uid }, F.ctStudy)).length).toBe(1);
  }, 300_000);

  test('dicomweb extract names the parts when the segmentation has several, and takes a SEG segment by --segment', async () => {
    const several = await cli(['dicomweb', 'extract', '--url', orthanc.dicomweb, '--study', F.axialStudy, '--mask-series', F.segSeries]);
    expect(several.status).toBe(2);
    expect(several.stderr).toContain('--segment 1 ("tumour"), --segment 2 ("necrosis")');
    const r = await cli(['dicomweb', 'extract', '--url', orthanc.dicomweb, '--study', F.axialStudy, '--mask-series', F.segSeries, '--segment', '2', '--config', config('stat', ['stat']), '--format', 'csv']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^id,/);
  }, 60_000);

  test('without the credential: DicomwebHttpError 401; an unreachable server: DicomwebNetworkError; neither prints the token', async () => {
    const noAuth = await cli(['dicomweb', 'extract', '--url', orthanc.dicomweb, '--study', F.ctStudy, '--mask-series', F.ctRtstructSeries], { env: { ...process.env, RADIOMICS_DICOMWEB_AUTHORIZATION: '' } });
    expect(noAuth.stderr).toMatch(/^radiomics: DicomwebHttpError: GET .* HTTP 401/);
    const down = await cli(['dicomweb', 'extract', '--url', 'http://127.0.0.1:9/dicom-web', '--study', F.ctStudy, '--mask-series', F.ctRtstructSeries, '--retries', '1']);
    expect(down.stderr).toMatch(/radiomics: DicomwebNetworkError: GET http:\/\/127\.0\.0\.1:9\/dicom-web/);
    expect(down.status).toBe(1);
  });

  test('watch --once processes every segmentation part once; a second pass has nothing to do; a lost state file redoes nothing', async () => {
    const state = join(dir, 'watch-a.json');
    const cfg = config('watch-a', ['stat']);
    const first = await cli(['dicomweb', 'watch', '--url', orthanc.dicomweb, '--state', state, '--config', cfg, '--once']);
    expect(first.stderr).toMatch(new RegExp(`${CASES} cases to do, ${CASES} ok \\(${CASES} SRs stored\\), 0 failed`));
    expect(first.status).toBe(0);
    expect(Object.values(stateOf(state).cases).map((c) => c.status)).toEqual(Array(CASES).fill('done'));
    expect(readFileSync(state, 'utf8')).not.toContain(TOKEN);
    const second = await cli(['dicomweb', 'watch', '--url', orthanc.dicomweb, '--state', state, '--config', cfg, '--once']);
    expect(second.stderr).toMatch(/0 cases to do/);
    rmSync(state);
    const lost = await cli(['dicomweb', 'watch', '--url', orthanc.dicomweb, '--state', state, '--config', cfg, '--once']);
    expect(lost.stderr).toMatch(/0 cases to do/); // every case found done by reading our SRs back
    const srs = await srsInArchive();
    expect(new Set(srs).size).toBe(srs.length);
  }, 300_000);

  test('watch killed mid-run and restarted: every part stored exactly once', async () => {
    const state = join(dir, 'watch-b.json');
    const cfg = config('watch-b', ['stat', 'ih']);
    const before = (await srsInArchive()).length;
    let killed = false;
    await cli(['dicomweb', 'watch', '--url', orthanc.dicomweb, '--state', state, '--config', cfg, '--once'], {
      onStderr: (text, child) => {
        if (!killed && /\[2\/\d+\]/.test(text)) {
          killed = true;
          child.kill('SIGKILL'); // after two cases, whatever it is doing
        }
      },
    });
    expect(killed).toBe(true);
    expect(existsSync(`${state}.lock`)).toBe(true); // left behind by the killed process
    const again = await cli(['dicomweb', 'watch', '--url', orthanc.dicomweb, '--state', state, '--config', cfg, '--once']);
    expect(again.status).toBe(0); // the stale lock of a dead process is taken over
    expect(Object.values(stateOf(state).cases).filter((c) => c.status === 'done').length).toBe(CASES);
    const srs = await srsInArchive();
    expect(srs.length - before).toBe(CASES);
    expect(new Set(srs).size).toBe(srs.length);
  }, 300_000);

  test('two watches at once: on one state file the second is StateLocked or finds nothing to do; on two state files no SR is stored twice', async () => {
    const run = (state: string, cfg: string) => cli(['dicomweb', 'watch', '--url', orthanc.dicomweb, '--state', state, '--config', cfg, '--once']);
    const before = (await srsInArchive()).length;
    const sameState = join(dir, 'watch-c.json');
    const cfgC = config('watch-c', ['stat', 'morph']);
    const [a, b] = await Promise.all([run(sameState, cfgC), run(sameState, cfgC)]);
    const outcomes = [a, b].map((r) => (r.status === 0 ? 'ok' : /StateLocked/.test(r.stderr) ? 'locked' : `failed ${r.stderr}`)).sort();
    expect(outcomes[1]).toBe('ok');
    expect(['locked', 'ok']).toContain(outcomes[0]);
    const cfgD = config('watch-d', ['stat', 'ivh']);
    const [c, d] = await Promise.all([run(join(dir, 'watch-d1.json'), cfgD), run(join(dir, 'watch-d2.json'), cfgD)]);
    expect([c.status, d.status]).toEqual([0, 0]);
    const srs = await srsInArchive();
    expect(srs.length - before).toBe(2 * CASES);
    expect(new Set(srs).size).toBe(srs.length);
  }, 400_000);

  test('watch through faults: STOW answering 500 fails every case (recorded, typed), the next pass stores each once', async () => {
    const proxy: FaultProxy = await startFaultProxy(orthanc.origin);
    try {
      const state = join(dir, 'watch-e.json');
      const cfg = config('watch-e', ['stat', 'glcm']);
      const before = (await srsInArchive()).length;
      proxy.setFaults([{ kind: 'status', status: 500, count: 1000, method: 'POST' }]);
      const failing = await cli(['dicomweb', 'watch', '--url', proxy.dicomweb, '--state', state, '--config', cfg, '--once', '--retries', '1']);
      expect(failing.status).toBe(1);
      expect(failing.stderr).toMatch(new RegExp(`0 ok \\(0 SRs stored\\), ${CASES} failed`));
      const cases = Object.values(stateOf(state).cases);
      expect(cases.map((c) => [c.status, c.error?.code, c.attempts])).toEqual(Array(CASES).fill(['failed', 'DicomwebHttpError', 1]));
      proxy.setFaults([{ kind: 'truncate', count: 2 }, { kind: 'drop', count: 1, method: 'POST', afterForward: true }]);
      const ok = await cli(['dicomweb', 'watch', '--url', proxy.dicomweb, '--state', state, '--config', cfg, '--once', '--retries', '2']);
      expect(ok.status).toBe(0);
      expect(Object.values(stateOf(state).cases).map((c) => [c.status, c.attempts])).toEqual(Array(CASES).fill(['done', 2]));
      const srs = await srsInArchive();
      expect(srs.length - before).toBe(CASES);
      expect(new Set(srs).size).toBe(srs.length);
    } finally {
      await proxy.close();
    }
  }, 300_000);

  test('watch with Orthanc stopped mid-run: the cases after the stop fail with a typed error, the run after the restart completes them, none twice', async () => {
    const state = join(dir, 'watch-f.json');
    const cfg = config('watch-f', ['stat', 'glrlm']);
    const before = (await srsInArchive()).length;
    let stopped: Promise<void> | null = null;
    try {
      const { status } = await cli(['dicomweb', 'watch', '--url', orthanc.dicomweb, '--state', state, '--config', cfg, '--once', '--retries', '1', '--timeout', '5'], {
        onStderr: (text, child) => {
          if (stopped !== null || !/\[1\/\d+\]/.test(text)) return;
          // The watch is paused while Orthanc stops (which takes a while), so that the cases after the
          // first meet a stopped server rather than racing its shutdown; then it goes on.
          child.kill('SIGSTOP');
          stopped = orthanc.stop().finally(() => child.kill('SIGCONT'));
        },
      });
      await stopped;
      expect(status).toBe(1);
      const failedCodes = Object.values(stateOf(state).cases).filter((c) => c.status === 'failed').map((c) => c.error?.code);
      expect(failedCodes.length).toBeGreaterThan(0);
      for (const code of failedCodes) expect(['DicomwebNetworkError', 'DicomwebTimeout']).toContain(code);
    } finally {
      // Running again whatever happened above: the tests after this one need Orthanc.
      if (stopped !== null) await orthanc.start();
    }
    const again = await cli(['dicomweb', 'watch', '--url', orthanc.dicomweb, '--state', state, '--config', cfg, '--once']);
    expect(again.status).toBe(0);
    const srs = await srsInArchive();
    expect(srs.length - before).toBe(CASES);
    expect(new Set(srs).size).toBe(srs.length);
  }, 300_000);

  test('watch without --once passes every --interval seconds; SIGTERM ends it with exit 0 and releases the lock', async () => {
    const state = join(dir, 'watch-g.json');
    const cfg = config('watch-g', ['stat']); // the same configuration as watch-a: its SRs are found, nothing is stored
    let sent = false;
    const { status, stderr } = await cli(['dicomweb', 'watch', '--url', orthanc.dicomweb, '--state', state, '--config', cfg, '--interval', '1'], {
      onStderr: (text, child) => {
        if (!sent && (text.match(/^watch: /gm) ?? []).length === 2) {
          sent = true;
          child.kill('SIGTERM');
        }
      },
    });
    expect(status).toBe(0);
    expect(stderr.match(/^watch: .*/gm)).toEqual([expect.stringMatching(/0 cases to do/), expect.stringMatching(/0 cases to do/)]);
    expect(existsSync(`${state}.lock`)).toBe(false);
  }, 180_000);
});
