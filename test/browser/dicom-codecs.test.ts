/**
 * Compressed DICOM in the self-contained browser bundle (dist/browser/radiomics.js) in headless Chromium:
 * a lossless series (JPEG-LS, CharLS compiled to JavaScript) and a lossy one (HTJ2K, OpenJPH WebAssembly
 * fetched from beside the bundle) and JPEG Extended 12-bit (our TypeScript decoder, a chunk of its own) read
 * through readDicomSeriesFromBuffersAsync give the voxels the Node build gives (the lossless one: its
 * uncompressed source's). An uncompressed series fetches no codec chunk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, openSession, type BrowserSession } from '../helpers/chromium.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const folder = (name: string) => readdirSync(join(ROOT, 'fixtures/dicom-compressed', name)).sort().map((f) => `fixtures/dicom-compressed/${name}/${f}`);

/** Reads the series at `paths` in the page; returns the voxels, the codec families loaded and the encoding. */
async function readInPage(page: Page, paths: readonly string[]): Promise<{ voxels: number[]; loaded: string[]; lossy: boolean }> {
  return (await page.evaluate(`(async () => {
    const lib = await import('/dist/browser/radiomics.js');
    const buffers = await Promise.all(${JSON.stringify(paths)}.map(async (p) => new Uint8Array(await (await fetch('/' + p)).arrayBuffer())));
    const codecs = lib.createCodecLoader();
    const v = await lib.readDicomSeriesFromBuffersAsync(buffers, { codecs });
    return { voxels: [...v.voxels.data], loaded: [...codecs.loaded()], lossy: v.acquisition.pixelEncoding.lossy };
  })()`)) as { voxels: number[]; loaded: string[]; lossy: boolean };
}

async function nodeVoxels(paths: readonly string[]): Promise<number[]> {
  const lib = await import(pathToFileURL(`${ROOT}dist/index.js`).href);
  const v = await lib.readDicomSeriesFromBuffersAsync(paths.map((p) => new Uint8Array(readFileSync(join(ROOT, p)))));
  return [...v.voxels.data];
}

describe.skipIf(!browserAvailable())('compressed DICOM in the browser bundle (headless Chromium)', () => {
  let session: BrowserSession;
  let page: Page;
  let errors: string[];
  const requested: string[] = [];

  beforeAll(async () => {
    session = await openSession(ROOT, '/blank.html', { routes: { '/blank.html': { type: 'text/html', body: '<!doctype html><title>radiomics</title>' } } });
    ({ page, errors } = session);
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  });
  afterAll(() => session?.close());

  test('an uncompressed series loads no codec and fetches no codec chunk', async () => {
    const r = await readInPage(page, folder('source/signed-mono1'));
    expect(r.loaded).toEqual([]);
    // radiomics.js imports two shared core chunks (errors, CommonJS interop); no codec chunk or wasm is fetched.
    expect(requested.filter((p) => p.startsWith('/dist/browser/'))).not.toEqual([]);
    expect(requested.filter((p) => /jpeg|htj2k|charls|openjp|turbo|lossless|\.wasm/i.test(p))).toEqual([]);
    expect(r.voxels).toEqual(await nodeVoxels(folder('source/signed-mono1')));
  });

  test('JPEG-LS lossless (signed, MONOCHROME1) equals the uncompressed source voxel for voxel', async () => {
    const r = await readInPage(page, folder('jpeg-ls-lossless'));
    expect(r.loaded).toEqual(['jpeg-ls']);
    expect(r.lossy).toBe(false);
    expect(r.voxels).toEqual(await nodeVoxels(folder('source/signed-mono1')));
    expect(errors).toEqual([]);
  });

  test('HTJ2K lossy (WebAssembly fetched beside the bundle) equals the Node build and is flagged lossy', async () => {
    const r = await readInPage(page, folder('htj2k-lossy'));
    expect(r.loaded).toEqual(['htj2k']);
    expect(r.lossy).toBe(true);
    expect(requested).toContain('/dist/browser/openjphjs.wasm');
    expect(r.voxels).toEqual(await nodeVoxels(folder('htj2k-lossy')));
    expect(errors).toEqual([]);
  });

  test('signed HTJ2K lossless (negative stored values) equals the uncompressed source voxel for voxel', async () => {
    const r = await readInPage(page, folder('htj2k-lossless-signed'));
    expect(r.loaded).toEqual(['htj2k']);
    expect(r.voxels).toEqual(await nodeVoxels(folder('source/signed-mono1')));
    expect(errors).toEqual([]);
  });

  test('JPEG Extended 12-bit (.51, our decoder) equals the Node build bit for bit and is flagged lossy', async () => {
    for (const series of ['jpeg-extended-12bit', 'ct-phantom-jpeg-extended']) {
      const r = await readInPage(page, folder(series));
      expect(r.loaded).toEqual(['jpeg-extended']);
      expect(r.lossy).toBe(true);
      expect(r.voxels).toEqual(await nodeVoxels(folder(series)));
    }
    expect(errors).toEqual([]);
  });
});
