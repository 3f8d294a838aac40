/**
 * extractMapsParallel in headless Chromium with real Web Workers: the browser bundle on the page and in two
 * module workers that answer each slab with runMapSlab. The maps must be the page's own extractMaps(), bit
 * for bit.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, installWorkerRunners, openSession, type BrowserSession } from '../helpers/chromium.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe.skipIf(!browserAvailable())('extractMapsParallel on Web Workers', () => {
  let session: BrowserSession;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    session = await openSession(ROOT, '/examples/browser/');
    ({ page, errors } = session);
    await installWorkerRunners(page);
  });
  afterAll(() => session?.close());

  test('MRI breast1, every mapped family, R = 1, on the page and 2 workers: the maps of extractMaps() on the page', async () => {
    const out = await page.evaluate(async () => {
      const bundle = `${location.origin}/dist/browser/radiomics.js`;
      // Through Function: vitest would rewrite a literal import() in this test file.
      const r = await (new Function('u', 'return import(u)') as (u: string) => Promise<any>)(bundle);
      const { runners, tasks, terminate } = (globalThis as any).workerRunners(bundle, 'runMapSlab', 2);
      const bytes = async (f: string) => new Uint8Array(await (await fetch(`${location.origin}/fixtures/mri-samples/nifti/${f}`)).arrayBuffer());
      const image = r.readNifti(await bytes('breast1_image.nii.gz'));
      const mask = { volume: r.readNifti(await bytes('breast1_label.nii.gz')), label: 1 };
      const config = { discretisation: { method: 'fixedBinSize', width: 25, lowerBound: null } };
      const one = r.extractMaps(image, mask, config, { kernelRadius: 1 });
      const two = await r.extractMapsParallel(image, mask, config, { kernelRadius: 1, runners });
      terminate();
      const bits = (m: { values: Float64Array }) => Array.from(new Uint32Array(m.values.buffer)).join(',');
      const same = one.maps.length === two.maps.length && one.maps.every((m: any, i: number) => m.id === two.maps[i].id && bits(m) === bits(two.maps[i]));
      return { same, maps: one.maps.length, slabs: tasks() };
    });
    expect(out.same).toBe(true);
    expect(out.maps).toBeGreaterThan(100);
    expect(out.slabs).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
