/**
 * extractParallel in headless Chromium with real Web Workers, as the scaling docs tell browser users to
 * wire it: the browser bundle (dist/browser/radiomics.js) on the page and in two module workers that
 * answer each task with runFamilyTask. The result must be the page's own extract() result, bit for bit.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, installWorkerRunners, openSession, type BrowserSession } from '../helpers/chromium.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe.skipIf(!browserAvailable())('extractParallel on Web Workers', () => {
  let session: BrowserSession;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    session = await openSession(ROOT, '/examples/browser/');
    ({ page, errors } = session);
    await installWorkerRunners(page);
  });
  afterAll(() => session?.close());

  test.each(['breast1', 'brain1'])('MRI %s (z-score, FBN 32) on the page and 2 workers: the same bits as extract() on the page', async (name) => {
    const out = await page.evaluate(async (name) => {
      const bundle = `${location.origin}/dist/browser/radiomics.js`;
      // Through Function: vitest would rewrite a literal import() in this test file.
      const r = await (new Function('u', 'return import(u)') as (u: string) => Promise<any>)(bundle);
      const { runners, tasks, terminate } = (globalThis as any).workerRunners(bundle, 'runFamilyTask', 2);
      const bytes = async (f: string) => new Uint8Array(await (await fetch(`${location.origin}/fixtures/mri-samples/nifti/${f}`)).arrayBuffer());
      const image = r.readNifti(await bytes(`${name}_image.nii.gz`));
      const mask = { volume: r.readNifti(await bytes(`${name}_label.nii.gz`)), label: 1 };
      const config = { normalisation: { method: 'zscore', region: 'roi' }, discretisation: { method: 'fixedBinNumber', bins: 32 } };
      const sequential = JSON.stringify(r.extract(image, mask, config));
      const parallel = JSON.stringify(await r.extractParallel(image, mask, config, { runners }));
      terminate();
      return { same: sequential === parallel, features: JSON.parse(parallel).features.length, tasks: tasks() };
    }, name);
    expect(out.same).toBe(true);
    expect(out.features).toBeGreaterThan(200);
    expect(out.tasks).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
