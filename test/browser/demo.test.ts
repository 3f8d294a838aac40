/**
 * The demo page (examples/browser/) in headless Chromium, as a user drives it: files picked through the
 * file inputs, Extract, then the feature table (IBSI codes, search), the slice and histogram canvases,
 * the CSV / JSON downloads, and a screenshot (written to RADIOMICS_SCREENSHOT_DIR or the OS temp folder).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, launchChromium } from '../helpers/chromium.js';
import { serveStatic, type StaticServer } from '../../scripts/static-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (p: string) => join(ROOT, 'fixtures', p);

describe.skipIf(!browserAvailable())('demo page examples/browser/', () => {
  let browser: Browser;
  let server: StaticServer;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await serveStatic(ROOT);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${server.url}/examples/browser/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

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

  test('a DICOM folder without the DICOM reader in the build says so (the hook), no fake result', async (ctx) => {
    // A string, not a function: vitest would rewrite a dynamic import inside a function body.
    const has = await page.evaluate(`import('/dist/browser/radiomics.js').then((m) => typeof m.readDicomSeriesFromBuffers === 'function')`);
    if (has) ctx.skip();
    await page.setInputFiles('#dicom', fixture('ibsi1-digital-phantom'));
    await page.waitForFunction(() => document.getElementById('status')!.className === 'error');
    expect(await page.textContent('#status')).toMatch(/DICOM series are not readable in this build yet/);
  });
});
