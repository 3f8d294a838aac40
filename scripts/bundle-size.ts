/**
 * Size of the self-contained browser bundle (dist/browser/radiomics.js; run `npm run build` first): raw
 * bytes and gzip (level 9) bytes. `npm run size` prints them; `npm run size -- --write` also rewrites the
 * figures in README.md between the bundle-size markers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUNDLE = new URL('../dist/browser/radiomics.js', import.meta.url);
const README = new URL('../README.md', import.meta.url);
const START = '<!-- bundle-size:start -->';
const END = '<!-- bundle-size:end -->';

export function bundleSize(): { raw: number; gzip: number } {
  const bytes = readFileSync(BUNDLE);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const { raw, gzip } = bundleSize();
const line = `${START}\`dist/browser/radiomics.js\` (every export, dependencies included, minified; the DICOM codecs are chunks beside it, fetched on first use): ${kb(raw)} raw, ${kb(gzip)} gzipped (${raw} / ${gzip} bytes; \`npm run size\`).${END}`;
console.log(line.slice(START.length, -END.length));
if (process.argv.includes('--write')) {
  const readme = readFileSync(README, 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < 0) throw new Error(`README.md has no ${START} ... ${END} markers`);
  writeFileSync(README, readme.slice(0, a) + line + readme.slice(b + END.length));
  console.log('README.md updated');
}
