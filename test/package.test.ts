/**
 * Package quality on the packed tarball (what npm publishes): publint reports no message (suggestions
 * included), and @arethetypeswrong/cli finds no problem for any entry point. Needs dist/ (npm test builds
 * it first via pretest).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ATTW = join(ROOT, 'node_modules', '.bin', 'attw');
let dir = '';
let tarball = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'radiomics-pack-'));
  execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT, stdio: 'pipe' });
  tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface AttwProblem {
  readonly kind: string;
  readonly entrypoint?: string;
  readonly resolutionKind?: string;
}

/** Problems attw finds, flattened from its JSON report (`problems` is keyed by kind). */
function attw(args: readonly string[]): AttwProblem[] {
  let out: string;
  try {
    out = execFileSync(ATTW, [tarball, '--format', 'json', ...args], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    out = (e as { stdout: string }).stdout; // non-zero exit when a problem is found; the report is still printed
  }
  const json = JSON.parse(out) as { problems?: Record<string, AttwProblem[]> };
  return Object.values(json.problems ?? {}).flat();
}

describe('packed package', () => {
  test('publint reports nothing (errors, warnings and suggestions)', async () => {
    const pkgDir = join(dir, 'package');
    execFileSync('tar', ['-xzf', tarball, '-C', dir]);
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    const { messages } = await publint({ pkgDir, pack: false, level: 'suggestion', strict: true });
    expect(messages.map((m) => formatMessage(m, pkg) ?? m.code)).toEqual([]);
  });

  test('arethetypeswrong: "." and "./node" resolve with types for ESM, CJS, node10 and bundlers', () => {
    expect(attw(['--exclude-entrypoints', './browser'])).toEqual([]);
  });

  test('arethetypeswrong: "./browser" resolves with types (CommonJS require excepted: the bundle is for browsers, ESM only)', () => {
    const problems = attw(['--entrypoints', './browser']);
    expect(problems.filter((p) => !(p.kind === 'CJSResolvesToESM' && p.resolutionKind === 'node16-cjs'))).toEqual([]);
  });

  test('the tarball ships dist/browser/radiomics.js and no test or source files', () => {
    const list = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(list).toContain('package/dist/browser/radiomics.js');
    expect(list.filter((f) => /^package\/(src|test|fixtures|scripts)\//.test(f))).toEqual([]);
  });
});
