/**
 * IBSI 1 CT phantom configurations A-E through the built CLI, as a user runs them:
 * `radiomics extract --image <ct phantom> --mask <mask> --preset ibsi1-X --format json`. Every reference
 * row (1321) and diagnostic row (300) must match, except rows listed in test/ibsi/known-mismatches.json.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { compare, compareDiagnostics } from '../../scripts/ibsi-compliance.js';
import { referenceRows } from '../helpers/reference.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KNOWN: Record<string, Record<string, string>> = JSON.parse(readFileSync(join(ROOT, 'test/ibsi/known-mismatches.json'), 'utf8'));

test.each(['A', 'B', 'C', 'D', 'E'] as const)('radiomics extract --preset ibsi1-%s --format json matches every reference and diagnostic row', (config) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/radiomics.js'), 'extract', '--image', join(ROOT, 'fixtures/ibsi1-ct-phantom/image.nii.gz'), '--mask', join(ROOT, 'fixtures/ibsi1-ct-phantom/mask.nii.gz'), '--preset', `ibsi1-${config}`, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const result = JSON.parse(r.stdout);
  const known = KNOWN[config] ?? {};
  const failing = compare(result, referenceRows(config))
    .filter((c) => !c.pass && !((c.featureId ?? c.row.featureName) in known))
    .map((c) => `${c.featureId ?? c.row.featureName} = ${c.value} vs ${c.row.value}`);
  expect(failing).toEqual([]);
  const diagnostics = compareDiagnostics(config, result);
  expect(diagnostics.length).toBe(60);
  expect(diagnostics.filter((d) => !d.pass && !(`diagnostic ${d.stage} / ${d.featureName}` in known)).map((d) => `${d.stage} / ${d.featureName}`)).toEqual([]);
}, 120_000);
