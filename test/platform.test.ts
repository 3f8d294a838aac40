import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as api from '../src/index.js';
import { VERSION } from '../src/index.js';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('platform split', () => {
  test('no node:* or Node built-in import outside src/node.ts, src/node/ and src/cli/', () => {
    const offenders = files(SRC)
      .map((p) => relative(SRC, p))
      .filter((p) => p !== 'node.ts' && !p.startsWith('node/') && !p.startsWith('cli'))
      .filter((p) => /from\s+['"](node:|fs['"]|path['"]|os['"]|crypto['"]|zlib['"]|child_process['"]|worker_threads['"])/.test(readFileSync(join(SRC, p), 'utf8')));
    expect(offenders).toEqual([]);
  });

  test('the core never reads process, Buffer or require', () => {
    const offenders = files(SRC)
      .map((p) => relative(SRC, p))
      .filter((p) => p !== 'node.ts' && !p.startsWith('node/') && !p.startsWith('cli'))
      .filter((p) => /\b(process\.|Buffer\.|require\()/.test(readFileSync(join(SRC, p), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')));
    expect(offenders).toEqual([]);
  });

  test('the browser bundle (dist/browser/, built by pretest) is self-contained: it imports only its own chunks, no package, require or node: module', () => {
    const dir = new URL('../dist/browser/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
    for (const file of files) {
      const code = readFileSync(new URL(file, dir), 'utf8');
      const imports = [...code.matchAll(/\bimport\s*(?:[\w*{},\s$]+from\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]);
      // Every import is a sibling chunk (esbuild's code splitting): the folder is the bundle.
      expect(imports.filter((i) => !/^\.\/[\w-]+\.js$/.test(i) || !files.includes(i.slice(2))), file).toEqual([]);
      expect(code, file).not.toMatch(/\brequire\(|["']node:/);
    }
    // The codecs are chunks of their own, imported dynamically (src/io/codecs/index.ts), never statically.
    const entry = readFileSync(new URL('radiomics.js', dir), 'utf8');
    const dynamic = [...entry.matchAll(/\bimport\(\s*["']\.\/([\w]+)-[\w]+\.js["']\s*\)/g)].map((m) => m[1]).sort();
    expect(dynamic).toEqual(['htj2k', 'jpeg2000', 'jpegBaseline', 'jpegExtended', 'jpegLossless', 'jpegLs']);
  });

  test('VERSION equals package.json version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(VERSION).toBe(pkg.version);
  });

  test('the public API (exported names) is as snapshotted', () => {
    expect(Object.keys(api).sort()).toMatchSnapshot();
  });
});
