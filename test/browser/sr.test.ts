/**
 * The DICOM SR room in the browser bundle (dist/browser/radiomics.js, headless Chromium): the page reads
 * the axial series and seg-two-segments.dcm from fetched bytes, extracts segment 2, builds the SR with
 * srSourcesFromDicom + toDicomSr and reads it back with readDicomSr. In Node, readDicomSr of the page's
 * SR bytes gives the page's features exactly, and dciodvfy (when installed) finds no error in them.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readDicomSr } from '../../src/index.js';
import { browserAvailable, openSession, type BrowserSession } from '../helpers/chromium.js';
import { dciodvfyErrors, installed } from '../helpers/dicom-tools.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SLICES = readdirSync(`${ROOT}fixtures/dicom/axial-shuffled`).filter((n) => n.endsWith('.dcm')).map((n) => `/fixtures/dicom/axial-shuffled/${n}`);

describe.skipIf(!browserAvailable())('DICOM SR in the browser bundle (headless Chromium)', () => {
  let session: BrowserSession;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    session = await openSession(ROOT, '/blank.html', { routes: { '/blank.html': { type: 'text/html', body: '<!doctype html><title>radiomics</title>' } } });
    ({ page, errors } = session);
  });
  afterAll(() => session?.close());

  test('toDicomSr on the page; readDicomSr in Node gives the page features exactly; dciodvfy finds no error', async () => {
    const out = (await page.evaluate(`(async () => {
      const lib = await import('/dist/browser/radiomics.js');
      const get = async (p) => new Uint8Array(await (await fetch(p)).arrayBuffer());
      const names = ${JSON.stringify(SLICES)};
      const files = await Promise.all(names.map(get));
      const seg = await get('/fixtures/dicom/seg-two-segments.dcm');
      const image = lib.readDicomSeriesFromBuffers(files, { files: names });
      const result = lib.extract(image, lib.readSegMaskFromBytes(seg, image, { segment: 2 }), {}, { preset: 'ibsi1-digital-phantom' });
      const sr = lib.toDicomSr(result, lib.srSourcesFromDicom({ files, names }, { bytes: seg, segment: 2 }));
      const back = lib.readDicomSr(sr);
      return { features: lib.toJson(result), sr: Array.from(sr), sameOnPage: JSON.stringify(back.features) === JSON.stringify(result.features) };
    })()`)) as { features: string; sr: number[]; sameOnPage: boolean };
    expect(out.sameOnPage).toBe(true);
    const sr = Uint8Array.from(out.sr);
    const features = JSON.parse(out.features).features;
    expect(features.length).toBeGreaterThan(100);
    expect(readDicomSr(sr).features).toEqual(features);
    if (installed('dciodvfy')) expect(dciodvfyErrors(sr)).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);
});
