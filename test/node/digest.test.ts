/**
 * The core's SHA-256 by platform (package.json "imports" '#digest'): `extract` imported from 'radiomics'
 * in Node hashes with node:crypto, with no option; a browser bundler resolves the portable one; both give
 * the same digest. Needs dist/ (npm test builds it first).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const node = (args: readonly string[]) => execFileSync(process.execPath, [...args], { cwd: ROOT, encoding: 'utf8' }).trim();

describe("'#digest'", () => {
  test('Node resolves it to dist/digest-node (node:crypto) from ESM and from CommonJS', () => {
    expect(node(['--input-type=module', '-e', "console.log(import.meta.resolve('#digest'))"])).toBe(pathToFileURL(join(ROOT, 'dist/digest-node.js')).href);
    expect(node(['-e', "console.log(require.resolve('#digest'))"])).toBe(join(ROOT, 'dist/digest-node.cjs'));
  });

  test("a browser bundle of dist/index.js (esbuild, platform 'browser') takes the portable dist/digest.js", async () => {
    const result = await build({ entryPoints: [join(ROOT, 'dist/index.js')], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent', absWorkingDir: ROOT, tsconfigRaw: {}, external: ['fs', 'path'] });
    // As a consumer's bundler: our tsconfig paths do not apply; the codecs' Emscripten scripts name fs and path
    // behind a Node-only branch, which a browser build leaves out (tsup.config.ts does the same for dist/browser).
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('dist/digest.js');
    expect(inputs.filter((f) => f.includes('digest-node'))).toEqual([]);
  });

  test('both give the same digest (FIPS 180-4), on lengths around the block size and on 1 MiB', async () => {
    const portable = (await import(pathToFileURL(join(ROOT, 'dist/digest.js')).href)) as { sha256Hex(b: Uint8Array): string };
    const fast = (await import(pathToFileURL(join(ROOT, 'dist/digest-node.js')).href)) as { sha256Hex(b: Uint8Array): string };
    for (const n of [0, 55, 56, 64, 65, 1 << 20]) {
      const bytes = new Uint8Array(randomBytes(n));
      expect(fast.sha256Hex(bytes)).toBe(portable.sha256Hex(bytes));
    }
  });
});
