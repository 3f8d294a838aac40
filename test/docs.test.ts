import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { GENERATED_DOCS } from '../scripts/docs.js';
import { FAMILIES } from '../src/index.js';

describe('generated docs', () => {
  // ibsi-compliance.md reruns the IBSI 1 configurations and the IBSI 2 maps and phase 2 (about a minute).
  test.each(Object.keys(GENERATED_DOCS))('%s is current (run `npm run docs`)', (path) => {
    const committed = readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
    expect(committed).toBe(GENERATED_DOCS[path]());
  }, 300_000);

  test('every feature has a name, a formula and an IBSI code or a reason why none exists', () => {
    const bad: string[] = [];
    for (const [name, f] of Object.entries(FAMILIES)) {
      for (const [key, d] of Object.entries(f.features as Record<string, { name: string; formula: string; ibsi: string | null; noIbsiReason?: string }>)) {
        if (!d.name || !d.formula?.trim()) bad.push(`${name}.${key}: name or formula missing`);
        if (d.ibsi === null && !d.noIbsiReason) bad.push(`${name}.${key}: no IBSI code and no reason`);
        if (d.ibsi !== null && !/^[0-9A-Z]{4}$/.test(d.ibsi)) bad.push(`${name}.${key}: malformed IBSI code ${d.ibsi}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
