/**
 * Writes NRRD versions of the IBSI digital phantom (fixtures/nrrd-digital-phantom/, with its SOURCE.md):
 * raw and gzip encodings, an RAS-space oblique geometry in big endian, and a detached header.
 * The voxels are those of fixtures/ibsi1-digital-phantom/phantom.nii.gz and mask.nii.gz.
 * Run: npx tsx scripts/make-nrrd-fixtures.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'fflate';
import { readVolume } from '../src/node.js';
import { NRRD_OBLIQUE } from './nrrd-fixture-spec.js';

const OUT = fileURLToPath(new URL('../fixtures/nrrd-digital-phantom/', import.meta.url));
const SRC = fileURLToPath(new URL('../fixtures/ibsi1-digital-phantom/', import.meta.url));

function int16Bytes(data: ArrayLike<number>, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 * data.length);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) dv.setInt16(2 * i, data[i], !bigEndian);
  return out;
}

function nrrd(header: string[], payload: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(`NRRD0005\n# IBSI 1 digital phantom (CC BY 4.0), see SOURCE.md\n${header.join('\n')}\n\n`);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}

const vec = (v: readonly number[]) => `(${v.join(',')})`;

function main(): void {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const write = (name: string, bytes: Uint8Array | string) => writeFileSync(join(OUT, name), bytes);
  for (const which of ['phantom', 'mask'] as const) {
    const v = readVolume(join(SRC, `${which}.nii.gz`));
    const data = v.voxels.data;
    const base = ['type: short', 'dimension: 3', `sizes: ${v.shape.join(' ')}`];
    const lps = ['space: left-posterior-superior', 'space directions: (2,0,0) (0,2,0) (0,0,2)', 'space origin: (0,0,0)'];
    write(`${which}.raw.nrrd`, nrrd([...base, ...lps, 'endian: little', 'encoding: raw'], int16Bytes(data, false)));
    write(`${which}.gzip.nrrd`, nrrd([...base, ...lps, 'endian: little', 'encoding: gzip'], gzipSync(int16Bytes(data, false), { level: 9, mtime: 0 })));
    const o = NRRD_OBLIQUE;
    write(`${which}.ras-oblique.be.nrrd`, nrrd([...base, 'space: right-anterior-superior', `space directions: ${o.rasDirections.map(vec).join(' ')}`, `space origin: ${vec(o.rasOrigin)}`, 'endian: big', 'encoding: raw'], int16Bytes(data, true)));
    write(`${which}.nhdr`, new TextDecoder().decode(nrrd([...base, ...lps, 'endian: little', 'encoding: raw', `data file: ${which}.raw`], new Uint8Array(0))));
    write(`${which}.raw`, int16Bytes(data, false));
  }
  write('SOURCE.md', [
    '# IBSI 1 digital phantom as NRRD',
    '',
    'Made by `npx tsx scripts/make-nrrd-fixtures.ts` from fixtures/ibsi1-digital-phantom/{phantom,mask}.nii.gz',
    '(IBSI digital phantom, CC BY 4.0, original design Alex Zwanenburg; see ../ibsi1-digital-phantom/SOURCE.md',
    'and LICENSE.md). Same voxels (int16), written in the NRRD variants PyRadiomics users keep:',
    '',
    '| file | variant |',
    '|---|---|',
    '| `*.raw.nrrd` | attached header, raw little endian, LPS space directions (2 mm) and origin: the NIfTI geometry |',
    '| `*.gzip.nrrd` | as above, gzip encoding |',
    '| `*.ras-oblique.be.nrrd` | RAS space, oblique space directions (scripts/nrrd-fixture-spec.ts), big endian raw |',
    '| `*.nhdr` + `*.raw` | detached header naming its data file |',
    '',
  ].join('\n'));
}

main();
