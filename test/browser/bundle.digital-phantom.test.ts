/**
 * The self-contained browser bundle (dist/browser/radiomics.js, built by `npm test`'s pretest) in headless
 * Chromium: the IBSI digital phantom read from ArrayBuffers, extracted with the ibsi1-digital-phantom
 * preset, on the page and inside a module Web Worker, gives the Node build's (dist/index.js) result.
 *
 * Page and worker (one engine) agree bit for bit. Node and Chromium agree bit for bit on every feature
 * id, the warnings and the whole provenance (config, geometry, diagnostics, SHA-256 of the voxels), and on
 * the feature values up to the last bit of a few: Node 20's V8 (11.3) and a current Chromium's compute
 * Math.log, Math.exp, Math.pow, Math.cbrt, ... differently in the last bit (measured: Math.log differs on
 * about 5% of arguments), and 5 of the phantom's 487 values go through such a call. No engine-independent
 * libm is used, so a relative difference of 1e-15 (a few ulps) is allowed there and the count is checked.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, openSession, type BrowserSession } from '../helpers/chromium.js';
import type { StaticServer } from '../../scripts/static-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PHANTOM = 'fixtures/ibsi1-digital-phantom/phantom.nii.gz';
const MASK = 'fixtures/ibsi1-digital-phantom/mask.nii.gz';

// Runs in the page or the worker: bytes in, JSON text out, as a library user would write it.
const EXTRACT_SOURCE = `
async function extractFrom(lib, image, mask) {
  const img = lib.readNifti(new Uint8Array(image));
  const msk = { volume: lib.readNifti(new Uint8Array(mask)), label: 1 };
  return lib.toJson(lib.extract(img, msk, {}, { preset: 'ibsi1-digital-phantom' }));
}`;
const WORKER = `import * as lib from '/dist/browser/radiomics.js';
${EXTRACT_SOURCE}
self.onmessage = async (e) => {
  try { self.postMessage({ json: await extractFrom(lib, e.data.image, e.data.mask) }); }
  catch (err) { self.postMessage({ error: String(err && err.stack || err) }); }
};`;

async function nodeJson(): Promise<string> {
  const lib = await import(pathToFileURL(`${ROOT}dist/index.js`).href);
  const bytes = (p: string) => new Uint8Array(readFileSync(`${ROOT}${p}`));
  return lib.toJson(lib.extract(lib.readNifti(bytes(PHANTOM)), { volume: lib.readNifti(bytes(MASK)), label: 1 }, {}, { preset: 'ibsi1-digital-phantom' }));
}

describe.skipIf(!browserAvailable())('browser bundle in headless Chromium', () => {
  let session: BrowserSession;
  let server: StaticServer;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    const routes = {
      '/blank.html': { type: 'text/html', body: '<!doctype html><title>radiomics</title>' },
      '/worker.js': { type: 'text/javascript', body: WORKER },
    };
    session = await openSession(ROOT, '/blank.html', { routes });
    ({ server, page, errors } = session);
  });
  afterAll(() => session?.close());

  let pageJson = '';

  test('extract(phantom) on the page equals the Node build (values to the last bit or within 1e-15)', async () => {
    const json = await page.evaluate(`(async () => {
      ${EXTRACT_SOURCE}
      const lib = await import('/dist/browser/radiomics.js');
      const get = async (p) => (await fetch(p)).arrayBuffer();
      return extractFrom(lib, await get('/${PHANTOM}'), await get('/${MASK}'));
    })()`);
    pageJson = json as string;
    const browserResult = JSON.parse(pageJson);
    const nodeResult = JSON.parse(await nodeJson());
    expect(browserResult.features.length).toBeGreaterThan(400);
    expect(browserResult.provenance).toEqual(nodeResult.provenance);
    expect(browserResult.warnings).toEqual(nodeResult.warnings);
    expect(browserResult.features.map((f: { id: string }) => f.id)).toEqual(nodeResult.features.map((f: { id: string }) => f.id));
    const differing: string[] = [];
    nodeResult.features.forEach((f: { id: string; value: number | null }, i: number) => {
      const b = browserResult.features[i].value as number | null;
      if (b === f.value) return;
      differing.push(`${f.id}: node ${f.value}, chromium ${b}`);
      expect(b === null || f.value === null ? b : Math.abs(b - f.value) / Math.max(Math.abs(b), Math.abs(f.value))).toBeLessThanOrEqual(1e-15);
    });
    expect(differing.length, differing.join('\n')).toBeLessThanOrEqual(10);
    expect(errors).toEqual([]);
  });

  test('extract(phantom) inside a module Web Worker equals the page, bit for bit', async () => {
    const json = await page.evaluate(`(async () => {
      const get = async (p) => (await fetch(p)).arrayBuffer();
      const image = await get('/${PHANTOM}');
      const mask = await get('/${MASK}');
      const worker = new Worker('/worker.js', { type: 'module' });
      const reply = await new Promise((resolve, reject) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
        worker.postMessage({ image, mask }, [image, mask]);
      });
      worker.terminate();
      if (reply.error) throw new Error(reply.error);
      return reply.json;
    })()`);
    expect(pageJson).not.toBe('');
    expect(json).toBe(pageJson);
    expect(errors).toEqual([]);
  });
});
