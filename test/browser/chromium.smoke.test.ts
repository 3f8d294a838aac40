import { describe, expect, test } from 'vitest';
import { browserAvailable, launchChromium } from '../helpers/chromium.js';

describe.skipIf(!browserAvailable())('headless chromium', () => {
  test('launches and evaluates a script', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      expect(await page.evaluate(() => 6 * 7)).toBe(42);
    } finally {
      await browser.close();
    }
  });
});
