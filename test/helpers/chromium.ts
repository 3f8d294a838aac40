/**
 * Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core (no browser
 * download). `.ci/run` installs chromium and sets RADIOMICS_REQUIRE_BROWSER=1, so there a missing browser
 * fails the tests; elsewhere (a laptop without chromium) browser tests are skipped with that reason.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { serveStatic, type StaticServer } from '../../scripts/static-server.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** True when browser tests can run here; throws when CI requires them and the browser is missing. */
export function browserAvailable(): boolean {
  const present = existsSync(CHROMIUM_PATH);
  if (!present && process.env.RADIOMICS_REQUIRE_BROWSER === '1') throw new Error(`browser tests required but ${CHROMIUM_PATH} is missing (apt-get install chromium)`);
  return present;
}

/** Launches headless Chromium with the flags this closed network needs (no background connections). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A folder served over HTTP and open in headless Chromium. */
export interface BrowserSession {
  readonly server: StaticServer;
  readonly browser: Browser;
  readonly page: Page;
  /** Page errors, failed responses (status >= 400) and console errors, for tests to assert empty. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Serves `root` (plus `routes`), launches Chromium and opens `path` on a new page. */
export async function openSession(root: string, path: string, options: { routes?: Parameters<typeof serveStatic>[1]; page?: BrowserContextOptions } = {}): Promise<BrowserSession> {
  const server = await serveStatic(root, options.routes);
  const browser = await launchChromium();
  const page = await browser.newPage(options.page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${server.url}${path}`);
  return {
    server,
    browser,
    page,
    errors,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Defines `globalThis.workerRunners(bundle, exportName, count)` on the page: `count` module Web Workers that
 * import `exportName` from the bundle and answer each posted task with its result, as runners for
 * extractParallel / extractMapsParallel. Returns `{ runners, tasks(), terminate() }` (tasks: how many were posted).
 */
export async function installWorkerRunners(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as any).workerRunners = (bundle: string, exportName: string, count: number) => {
      const source = `import { ${exportName} } from '${bundle}'; onmessage = (e) => postMessage({ id: e.data.id, result: ${exportName}(e.data.task) });`;
      const workers = Array.from({ length: count }, () => new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' }));
      let nextId = 0;
      const pending = new Map<number, (result: unknown) => void>();
      for (const w of workers) w.onmessage = (e) => pending.get(e.data.id)?.(e.data.result);
      const runners = workers.map(
        (w) => (task: unknown) =>
          new Promise((resolve) => {
            const id = nextId++;
            pending.set(id, resolve);
            w.postMessage({ id, task });
          }),
      );
      return { runners, tasks: () => nextId, terminate: () => workers.forEach((w) => w.terminate()) };
    };
  });
}
