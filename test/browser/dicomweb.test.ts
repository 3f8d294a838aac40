/**
 * `dicomweb extract` from a page: headless Chromium loads the self-contained bundle
 * (dist/browser/radiomics.js), and the page, as a library user would write it, retrieves the CT phantom's
 * RTSTRUCT and image series from a real Orthanc over DICOMweb (fetch), extracts GTV-1, writes the SR and
 * stores it by STOW-RS. The page is served from a loopback server that also forwards /dicom-web to
 * Orthanc, so the page and the archive share an origin and no CORS is needed. The result equals Node's
 * (values within 1e-15 relative: see bundle.digital-phantom.test.ts on last-bit differences of Math.log
 * between engines), and the SR the page stored is in Orthanc.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDicomwebClient, extract, readDicomSeriesFromBuffers, retrieveSegmentationCase, segmentationMask, type ExtractResult } from '../../src/index.js';
import { browserAvailable, launchChromium } from '../helpers/chromium.js';
import { DICOMWEB_FIXTURES as F, ORTHANC_AUTHORIZATION, dicomwebFixtureFiles, orthancMissing, startOrthanc, type OrthancServer } from '../helpers/orthanc.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const missing = orthancMissing();
const browser_ = browserAvailable();

// Runs in the page: the library's DICOMweb client and extract, bytes never touching a disk.
const PAGE_SOURCE = `async (auth, study, maskSeries) => {
  const lib = await import('/dist/browser/radiomics.js');
  const client = lib.createDicomwebClient({ url: location.origin + '/dicom-web', authorization: () => auth, retry: { retries: 1 } });
  const c = await lib.retrieveSegmentationCase(client, study, maskSeries);
  const image = lib.readDicomSeriesFromBuffers(c.imageFiles);
  const result = lib.extract(image, lib.segmentationMask(c, image, { roi: 'GTV-1' }), {}, { preset: 'ibsi1-A' });
  const sr = lib.toDicomSr(result, lib.srSourcesFromDicom({ files: c.imageFiles }, { bytes: c.mask, roi: 'GTV-1' }));
  const stow = await client.storeInstances([sr]);
  return { json: lib.toJson(result), imageSeries: c.imageSeries, srUid: lib.readDicomSr(sr).sopInstanceUid, stored: stow.stored.map((s) => s.sopInstanceUid) };
}`;

describe.skipIf(missing !== null || !browser_)(`dicomweb extract in headless Chromium${missing === null ? '' : ` (skipped: ${missing})`}`, () => {
  let orthanc: OrthancServer;
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    orthanc = await startOrthanc();
    const files = dicomwebFixtureFiles().filter(([p]) => p.includes('ibsi1-ct-phantom'));
    await createDicomwebClient({ url: orthanc.dicomweb, authorization: () => ORTHANC_AUTHORIZATION }).storeInstances(files.map(([, b]) => b));
    const upstream = new URL(orthanc.origin);
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path.startsWith('/dicom-web/')) {
        const up = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        up.on('error', () => res.writeHead(502).end());
        req.pipe(up);
      } else if (/^\/dist\/browser\/[\w.-]+\.(js|wasm)$/.test(path) && existsSync(`${ROOT}${path.slice(1)}`)) {
        // The bundle and the chunks beside it (shared code, lazily loaded codecs and their WebAssembly).
        res.writeHead(200, { 'content-type': path.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' }).end(readFileSync(`${ROOT}${path.slice(1)}`));
      } else if (path === '/blank.html') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>radiomics dicomweb</title>');
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await orthanc?.close();
  });

  test('the page retrieves, extracts GTV-1 (ibsi1-A) and stores the SR: equal to Node, SR in Orthanc', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/blank.html`);
    const out = (await page.evaluate(`(${PAGE_SOURCE})(${JSON.stringify(ORTHANC_AUTHORIZATION)}, ${JSON.stringify(F.ctStudy)}, ${JSON.stringify(F.ctRtstructSeries)})`)) as { json: string; imageSeries: string; srUid: string; stored: string[] };
    expect(errors).toEqual([]);
    expect(out.imageSeries).toBe(F.ctSeries);
    expect(out.stored).toEqual([out.srUid]);

    const client = createDicomwebClient({ url: orthanc.dicomweb, authorization: () => ORTHANC_AUTHORIZATION });
    const c = await retrieveSegmentationCase(client, F.ctStudy, F.ctRtstructSeries);
    const image = readDicomSeriesFromBuffers(c.imageFiles);
    const node = extract(image, segmentationMask(c, image, { roi: 'GTV-1' }), {}, { preset: 'ibsi1-A' });
    const inPage = JSON.parse(out.json) as ExtractResult;
    expect(inPage.features.map((f) => f.id)).toEqual(node.features.map((f) => f.id));
    node.features.forEach((f, i) => {
      const b = inPage.features[i].value;
      if (f.value === null || b === null) expect([f.id, b]).toEqual([f.id, f.value]);
      else expect(Math.abs(b - f.value) / Math.max(Math.abs(b), Math.abs(f.value), 1e-300)).toBeLessThanOrEqual(1e-15);
    });
    expect((await client.searchInstances({ SOPInstanceUID: out.srUid }, F.ctStudy)).length).toBe(1);
  }, 180_000);
});
