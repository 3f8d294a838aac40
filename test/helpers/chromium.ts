/**
 * Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core (no browser
 * download). `.ci/run` installs chromium and sets RADIOMICS_REQUIRE_BROWSER=1, so there a missing browser
 * fails the tests; elsewhere (a laptop without chromium) browser tests are skipped with that reason.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
