/**
 * The demo page (examples/browser/) in headless Chromium, as a user drives it: files picked through the
 * file inputs, Extract, then the feature table (IBSI codes, search), the slice and histogram canvases,
 * the CSV / JSON downloads, a feature map over the slice with its colour bar, and a screenshot (written to RADIOMICS_SCREENSHOT_DIR or the OS temp folder);
 * then DICOM: a series folder with its RTSTRUCT or DICOM-SEG (values checked against extract() in Node),
 * a folder with two series, and an RTSTRUCT in another frame of reference.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, openSession, type BrowserSession } from '../helpers/chromium.js';
import type { StaticServer } from '../../scripts/static-server.js';
import { extract, extractMaps, rasteriseRtstruct, readDicomSeries, readMask, readVolume, type ExtractResult } from '../../src/node.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (p: string) => join(ROOT, 'fixtures', p);

describe.skipIf(!browserAvailable())('demo page examples/browser/', () => {
  let session: BrowserSession;
  let server: StaticServer;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    session = await openSession(ROOT, '/examples/browser/', { page: { viewport: { width: 1200, height: 900 }, acceptDownloads: true } });
    ({ server, page, errors } = session);
  });
  afterAll(() => session?.close());

  async function extractWith(image: string, mask: string, preset: string): Promise<void> {
    await page.setInputFiles('#image', image);
    await page.setInputFiles('#mask', mask);
    await page.selectOption('#preset', preset);
    await page.waitForFunction(() => !(document.getElementById('run') as HTMLButtonElement).disabled);
    await page.click('#run');
    await page.waitForFunction(() => /features in/.test(document.getElementById('status')!.textContent ?? '') || document.getElementById('status')!.className === 'error');
  }

  test('the IBSI digital phantom (NIfTI): 487 features with IBSI codes, searchable', async () => {
    await extractWith(fixture('ibsi1-digital-phantom/phantom.nii.gz'), fixture('ibsi1-digital-phantom/mask.nii.gz'), 'ibsi1-digital-phantom');
    expect(await page.textContent('#status')).toMatch(/^487 features in \d+ ms \(Web Worker\); ROI 74 voxels\.$/);
    const row = page.locator('#features tbody tr', { hasText: 'glcm.jointMaximum.3D_merged.d1' });
    expect(await row.locator('td').allTextContents()).toEqual(['glcm.jointMaximum.3D_merged.d1', 'Joint maximum', 'GYBY', '3D_merged', '0.508539']);
    await page.fill('#search', 'GYBY');
    expect(await page.locator('#features tbody tr:not([hidden])').count()).toBe(6);
    expect(await page.textContent('#count')).toBe('6 of 487');
    await page.fill('#search', '');
    expect(errors).toEqual([]);
  });

  test('CSV and JSON downloads hold the result', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    expect(csv.suggestedFilename()).toBe('phantom.features.csv');
    const csvText = readFileSync((await csv.path())!, 'utf8').split('\n');
    expect(csvText[0].split(',')).toHaveLength(488);
    expect(csvText[1].startsWith('phantom,')).toBe(true);
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    const result = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(result.features).toHaveLength(487);
    expect(result.provenance.preset).toBe('ibsi1-digital-phantom');
  });

  test('an MRI (NRRD, breast1): table, mid-slice with the mask outline, histogram, screenshot', async () => {
    await extractWith(fixture('mri-samples/nrrd/breast1_image.nrrd'), fixture('mri-samples/nrrd/breast1_label.nrrd'), '');
    expect(await page.textContent('#status')).toMatch(/features in \d+ ms/);
    expect(await page.locator('#features tbody tr').count()).toBeGreaterThan(200);
    // The slice canvas holds the outline colour; the histogram canvas has bars.
    const pixels = await page.evaluate(() => {
      const count = (id: string, test: (r: number, g: number, b: number) => boolean) => {
        const c = document.getElementById(id) as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (test(d[i], d[i + 1], d[i + 2])) n++;
        return n;
      };
      return { outline: count('slice', (r, g, b) => r === 255 && g === 40 && b === 40), bars: count('histogram', (r, g, b) => r === 58 && g === 110 && b === 165) };
    });
    expect(pixels.outline).toBeGreaterThan(10);
    expect(pixels.bars).toBeGreaterThan(100);
    const dir = process.env.RADIOMICS_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'radiomics-demo-'));
    const path = join(dir, 'demo-breast1.png');
    await page.fill('#search', 'glcm 3D_average');
    await page.screenshot({ path, fullPage: false });
    expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
    expect(errors).toEqual([]);
  });

  test('the map view (breast1, still loaded): glcm.jointEntropy with kernel radius 1 over the slice, a colour bar from the map\'s minimum to its maximum as extractMaps gives them in Node', async () => {
    const id = 'glcm.jointEntropy.3D_average.d1';
    await page.selectOption('#map-feature', { label: id });
    await page.fill('#map-radius', '1');
    await page.click('#map-run');
    await page.waitForFunction(() => /^Map of |^\w+: /.test(document.getElementById('status')!.textContent ?? ''));
    expect(await page.textContent('#status')).toMatch(/^Map of glcm\.jointEntropy\.3D_average\.d1: 143 kernels of radius 1 in \d+ ms/);
    const coloured = await page.evaluate(() => {
      const c = document.getElementById('map') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] !== d[i + 1] || d[i + 1] !== d[i + 2]) n++;
      return n;
    });
    expect(coloured).toBeGreaterThan(5);
    const image = readVolume(fixture('mri-samples/nrrd/breast1_image.nrrd'));
    const mask = readMask(fixture('mri-samples/nrrd/breast1_label.nrrd'), 1);
    const values = extractMaps(image, mask, { families: ['glcm'] }, { kernelRadius: 1, features: [id] }).maps[0].values.filter((v) => Number.isFinite(v));
    // Within 1e-14 relative, not bit for bit: Math.log2 may differ in the last bit between Node's and Chromium's V8 (README, "In the browser").
    const min = Math.min(...values);
    const max = Math.max(...values);
    expect(Math.abs(Number(await page.getAttribute('#colour-bar', 'data-min')) - min)).toBeLessThanOrEqual(1e-14 * Math.abs(min));
    expect(Math.abs(Number(await page.getAttribute('#colour-bar', 'data-max')) - max)).toBeLessThanOrEqual(1e-14 * Math.abs(max));
    expect(errors).toEqual([]);
  });

  /** Runs `action`, waits (5 s at most) until the status matches `done`, and returns the status as shown. */
  async function statusAfter(action: () => Promise<unknown>, done: RegExp): Promise<{ text: string; error: boolean }> {
    await action();
    await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('status')!.textContent ?? ''), done.source, { timeout: 5000 }).catch(() => undefined);
    return { text: (await page.textContent('#status')) ?? '', error: (await page.getAttribute('#status', 'class')) === 'error' };
  }
  const optionTexts = (select: string) => page.locator(`${select} option`).allTextContents();
  const runDisabled = () => page.locator('#run').isDisabled();

  test('a DICOM series folder (axial-shuffled) with its RTSTRUCT, ROI "box": the values of extract() in Node', async () => {
    await page.goto(`${server.url}/examples/browser/`);
    // The folder also holds rtstruct.dcm and notes.txt: the series reader skips them.
    expect(await statusAfter(() => page.setInputFiles('#dicom', fixture('dicom/axial-shuffled')), /^image: /)).toEqual({ text: 'image: axial-shuffled (6 files), 6 x 5 x 4 voxels of 1 x 1.5 x 2.5 mm.', error: false });
    expect(await statusAfter(() => page.setInputFiles('#dicom-mask', fixture('dicom/axial-shuffled/rtstruct.dcm')), /^mask: /)).toEqual({ text: 'mask: ROI "ring" of rtstruct.dcm, 22 voxels on the image grid (label 1).', error: false });
    expect(await optionTexts('#roi')).toEqual(['ring (ROI 1, 4 contours)', 'box (ROI 2, 1 contour)']);
    expect(await statusAfter(() => page.selectOption('#roi', { label: 'box (ROI 2, 1 contour)' }), /"box"/)).toEqual({ text: 'mask: ROI "box" of rtstruct.dcm, 6 voxels on the image grid (label 1).', error: false });
    await page.selectOption('#preset', '');
    const done = await statusAfter(() => page.click('#run'), /features in|^\w+: /);
    expect(done.error).toBe(false);
    expect(done.text).toMatch(/^\d+ features in \d+ ms \(main thread\); ROI 6 voxels\.$/);
    expect(await page.locator('#features tbody tr').count()).toBeGreaterThan(100);

    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    expect(json.suggestedFilename()).toBe('axial-shuffled.features.json');
    const onPage = JSON.parse(readFileSync((await json.path())!, 'utf8')) as ExtractResult;
    const image = readDicomSeries(fixture('dicom/axial-shuffled'));
    const inNode = extract(image, rasteriseRtstruct(readFileSync(fixture('dicom/axial-shuffled/rtstruct.dcm')), image, { roi: 'box' }));
    for (const id of ['morph.volume', 'stat.mean', 'stat.variance']) {
      const a = onPage.features.find((f) => f.id === id)?.value;
      const b = inNode.features.find((f) => f.id === id)?.value;
      expect(typeof b, id).toBe('number');
      expect(Math.abs((a as number) - (b as number)), id).toBeLessThanOrEqual(1e-12 * Math.abs(b as number));
    }
    expect(errors).toEqual([]);
  });

  test('a DICOM-SEG as the mask: its segments in the picker, the chosen one on the image grid', async () => {
    // The image from the previous test stays loaded.
    expect(await statusAfter(() => page.setInputFiles('#dicom-mask', fixture('dicom/seg-two-segments.dcm')), /^mask: |^\w+: /)).toMatchObject({ text: expect.stringMatching(/^mask: segment "tumour" of seg-two-segments\.dcm, [1-9]\d* voxels/), error: false });
    expect(await optionTexts('#roi')).toEqual([expect.stringMatching(/^tumour \(segment 1, \d+ frames?\)$/), expect.stringMatching(/^necrosis \(segment 2, \d+ frames?\)$/)]);
    expect(await page.textContent('#roi-kind')).toBe('Segment');
    const done = await statusAfter(() => page.click('#run'), /features in|^\w+: /);
    expect(done).toMatchObject({ text: expect.stringMatching(/^\d+ features in \d+ ms \(main thread\)/), error: false });
    expect(errors).toEqual([]);
  });

  test('a folder with two DICOM series: the MultipleSeries message and a series picker', async () => {
    await page.goto(`${server.url}/examples/browser/`);
    const s = await statusAfter(() => page.setInputFiles('#dicom', fixture('dicom/two-series')), /^image: |^\w+: /);
    expect(s.error).toBe(true);
    expect(s.text).toMatch(/^MultipleSeries: 2 series in the files; pick one .*"axial series".*"coronal series"/);
    expect(await optionTexts('#series')).toEqual(['pick a series', 'axial series (MR, 4 slices)', 'coronal series (MR, 4 slices)']);
    expect(await runDisabled()).toBe(true);
    const picked = await statusAfter(() => page.selectOption('#series', { label: 'coronal series (MR, 4 slices)' }), /^image: /);
    expect(picked).toMatchObject({ text: expect.stringMatching(/^image: two-series \(8 files\), series [\d.]+, \d+ x \d+ x 4 voxels/), error: false });
    expect(errors).toEqual([]);
  });

  test('an RTSTRUCT in another frame of reference, or before the image: an error status, no mask', async () => {
    await page.goto(`${server.url}/examples/browser/`);
    const early = await statusAfter(() => page.setInputFiles('#dicom-mask', fixture('dicom/rtstruct-other-frame.dcm')), /"ring"/);
    expect(early).toEqual({ text: 'ROI "ring" of rtstruct-other-frame.dcm: load the image it was drawn on first (the mask is put on its grid)', error: true });
    const other = /FrameOfReferenceMismatch: rtstruct-other-frame\.dcm: ROI "(ring|box)" is drawn in frame of reference 1\.2\.826\.0\.1\.3680043\.10\.1559\.7\.99, the image series is in 1\.2\.826\.0\.1\.3680043\.10\.1559\.7\.2$/;
    const loaded = await statusAfter(() => page.setInputFiles('#dicom', fixture('dicom/axial-shuffled')), /^image: /);
    expect(loaded.error).toBe(true);
    expect(loaded.text).toMatch(/^image: axial-shuffled \(6 files\), 6 x 5 x 4 voxels of 1 x 1\.5 x 2\.5 mm\. Mask: /);
    expect(loaded.text).toMatch(other);
    expect(await runDisabled()).toBe(true);
    const box = await statusAfter(() => page.selectOption('#roi', { label: 'box (ROI 2, 1 contour)' }), /"box"/);
    expect(box.error).toBe(true);
    expect(box.text).toMatch(other);
    expect(await runDisabled()).toBe(true);
    expect(errors).toEqual([]);
  });
});
