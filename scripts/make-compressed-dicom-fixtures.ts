/**
 * Writes fixtures/dicom-compressed/ (see its SOURCE.md and scripts/compressed-fixture-spec.ts): source
 * series by our writer, compressed copies by Debian's tools (dcmtk: dcmcjpeg, dcmcjpls;
 * libopenjp2-tools: opj_compress for JPEG 2000 and openjph-tools: ojph_compress for unsigned HTJ2K, OpenJPH's
 * WebAssembly encoder from @cornerstonejs/codec-openjph for signed HTJ2K (ojph_compress 0.9 writes signed
 * samples wrongly), their codestreams wrapped by our writer; gdcmconv --j2k crashes on images this small), the
 * multi-frame layouts and broken files by our writer around the tools' codestreams, and a JPEG-LS lossless
 * copy of the IBSI CT phantom series; for the JPEG Extended 12-bit decoder, dcmdjpeg's decodes, two CT phantom
 * slices by dcmcjpeg +ee, and 8-bit codestreams with restart intervals by libjpeg-turbo's cjpeg (with djpeg's
 * decodes). Tests never run the tools; the committed bytes are what they read.
 * Run: npx tsx scripts/make-compressed-dicom-fixtures.ts [OUT_ROOT]   (needs dcmtk, libopenjp2-tools, openjph-tools, libjpeg-turbo-progs;
 * OUT_ROOT defaults to fixtures/, test/io/codecs/fixtures.reproduce.test.ts writes to a temporary folder)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as dicomParserModule from 'dicom-parser';
import { concatBytes } from '../src/io/bytes.js';
import { ds, writeDicom, type DataSetSpec } from '../src/io/dicom/writer.js';
import { normalOf, phantomValue, worldOf, STUDY_UID } from './dicom-fixture-spec.js';
import { BROKEN, CODESTREAMS, COMPRESSED, GRADIENT, JPEG_EXTENDED, MULTIFRAME, SOURCES, gradientValue, type SourceSpec } from './compressed-fixture-spec.js';

const dicomParser = (dicomParserModule as unknown as { default?: typeof dicomParserModule }).default ?? dicomParserModule;
const ROOT = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** Where the outputs go: fixtures/ by default; another folder to check that the committed bytes are reproduced. */
const OUT_ROOT = process.argv[2] ?? ROOT;
const OUT = join(OUT_ROOT, 'dicom-compressed');
const MR_IMAGE = '1.2.840.10008.5.1.4.1.1.4';

function write(path: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

function run(cmd: string, args: readonly string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
}

/** Stored values of slice k: round((value - intercept) / slope), row-major. */
function storedSlice(src: SourceSpec, k: number): number[] {
  const s = src.series;
  const out: number[] = [];
  for (let j = 0; j < s.rows; j++) for (let i = 0; i < s.columns; i++) out.push(Math.round((phantomValue(worldOf(s, i, j, k)) - s.intercept) / s.slope));
  return out;
}

/** The data set of slice k of a source series, without pixel data. */
function sliceDataSet(src: SourceSpec, k: number): DataSetSpec {
  const s = src.series;
  const n = normalOf(s);
  const position = [0, 1, 2].map((d) => s.origin[d] + n[d] * k * s.sliceStep);
  return {
    '00080016': ['UI', MR_IMAGE],
    '00080018': ['UI', `${s.seriesUid}.${k + 1}`],
    '00080060': ['CS', 'MR'],
    '0008103e': ['LO', `${s.name} series`],
    '00100010': ['PN', 'Fixture^Synthetic'],
    '00100020': ['LO', 'FIX001'],
    '0020000d': ['UI', STUDY_UID],
    '0020000e': ['UI', s.seriesUid],
    '00200013': ['IS', String(k + 1)],
    '00200032': ['DS', position.map(ds)],
    '00200037': ['DS', [...s.row, ...s.column].map(ds)],
    '00200052': ['UI', s.frameOfReferenceUid],
    '00280002': ['US', 1],
    '00280004': ['CS', src.photometric],
    '00280010': ['US', s.rows],
    '00280011': ['US', s.columns],
    '00280030': ['DS', s.pixelSpacing.map(ds)],
    '00280100': ['US', src.bitsAllocated],
    '00280101': ['US', src.bitsStored],
    '00280102': ['US', src.bitsStored - 1],
    '00280103': ['US', src.signed ? 1 : 0],
    '00281052': ['DS', ds(s.intercept)],
    '00281053': ['DS', ds(s.slope)],
  };
}

function writeSource(src: SourceSpec): string[] {
  const files: string[] = [];
  for (let k = 0; k < src.series.slices; k++) {
    const v = storedSlice(src, k);
    const pixels: DataSetSpec = src.bitsAllocated === 8 ? { '7fe00010': ['OB', Uint8Array.from(v)] } : { '7fe00010': ['OW', src.signed ? Int16Array.from(v) : Uint16Array.from(v)] };
    const path = join(OUT, 'source', src.folder, `slice-${k + 1}.dcm`);
    write(path, writeDicom({ ...sliceDataSet(src, k), ...pixels }, { transferSyntax: 'explicit' }));
    files.push(path);
  }
  return files;
}

/**
 * A JPEG 2000 (opj_compress) or HTJ2K (ojph_compress) codestream of one frame of samples, from a raw
 * little-endian 16-bit file; the DICOM around it is our writer's.
 */
function codestream(tool: 'opj_compress' | 'ojph_compress', samples: readonly number[], columns: number, rows: number, signed: boolean, bitsStored: number, args: readonly string[], tmp: string): Uint8Array {
  const raw = join(tmp, tool === 'opj_compress' ? 'frame.rawl' : 'frame.yuv');
  const out = join(tmp, tool === 'opj_compress' ? 'frame.j2k' : 'frame.j2c');
  const bytes = new Uint8Array(2 * samples.length);
  const dv = new DataView(bytes.buffer);
  samples.forEach((x, i) => dv.setUint16(2 * i, x & 0xffff, true));
  writeFileSync(raw, bytes);
  if (tool === 'opj_compress') {
    run(tool, ['-i', raw, '-o', out, '-F', `${columns},${rows},1,${bitsStored},${signed ? 's' : 'u'}`, ...args]);
  } else {
    run(tool, ['-i', raw, '-o', out, '-dims', `{${columns},${rows}}`, '-num_comps', '1', '-signed', String(signed), '-bit_depth', String(bitsStored), '-downsamp', '{1,1}', ...args]);
  }
  return new Uint8Array(readFileSync(out));
}

interface Htj2kEncoder {
  getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorTransform: boolean }): Uint8Array;
  setQuality(lossless: boolean, quantizationStep: number): void;
  setDecompositions(n: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}

/** OpenJPH's WebAssembly encoder, as shipped in @cornerstonejs/codec-openjph (the package we decode HTJ2K with). */
async function loadHtj2kEncoder(): Promise<new () => Htj2kEncoder> {
  const factory = (await import('@cornerstonejs/codec-openjph')).default as unknown as (options: Record<string, unknown>) => Promise<{ HTJ2KEncoder: new () => Htj2kEncoder }>;
  return (await factory({ print: () => undefined, printErr: () => undefined })).HTJ2KEncoder;
}

/**
 * An HTJ2K codestream of one frame by OpenJPH's WebAssembly encoder; `args`: --lossless or --qstep Q, and
 * --decompositions N. Samples are written as 16-bit little-endian words (two's complement when signed).
 */
function wasmHtj2k(Encoder: new () => Htj2kEncoder, samples: readonly number[], columns: number, rows: number, signed: boolean, bitsStored: number, args: readonly string[]): Uint8Array {
  const option = (name: string) => args[args.indexOf(name) + 1];
  const encoder = new Encoder();
  try {
    const words = signed ? Int16Array.from(samples) : Uint16Array.from(samples);
    encoder.getDecodedBuffer({ width: columns, height: rows, bitsPerSample: bitsStored, componentCount: 1, isSigned: signed, isUsingColorTransform: false }).set(new Uint8Array(words.buffer));
    encoder.setQuality(args.includes('--lossless'), args.includes('--lossless') ? 0 : Number(option('--qstep')));
    encoder.setDecompositions(Number(option('--decompositions')));
    encoder.encode();
    return Uint8Array.from(encoder.getEncodedBuffer());
  } finally {
    encoder.delete();
  }
}

interface Parsed {
  readonly bytes: Uint8Array;
  readonly dataSet: ReturnType<typeof dicomParser.parseDicom>;
}

function parse(path: string): Parsed {
  const bytes = new Uint8Array(readFileSync(path));
  return { bytes, dataSet: dicomParser.parseDicom(bytes) };
}

/** The codestream of each frame of a file with one fragment per frame. */
function frameCodestreams(p: Parsed): Uint8Array[] {
  const el = p.dataSet.elements.x7fe00010;
  return (el.fragments ?? []).map((f) => p.bytes.slice(f.position, f.position + f.length));
}

function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
}

function item(bytes: Uint8Array): Uint8Array {
  return concatBytes([new Uint8Array([0xfe, 0xff, 0x00, 0xe0]), u32(bytes.length), bytes]);
}

/**
 * Rewrites the encapsulated Pixel Data of an explicit-VR little-endian file (the last element) as the
 * given fragments, Basic Offset Table entries and, optionally, Extended Offset Table elements before it.
 */
function reencapsulate(p: Parsed, fragments: readonly Uint8Array[], bot: readonly number[], eot?: { offsets: readonly number[]; lengths: readonly number[] }): Uint8Array {
  const el = p.dataSet.elements.x7fe00010;
  const headerStart = el.dataOffset - 12;
  const u64s = (v: readonly number[]) => concatBytes(v.map((x) => concatBytes([u32(x), u32(0)])));
  const ov = (tag: number, data: Uint8Array) => concatBytes([new Uint8Array([0xe0, 0x7f, tag, 0x00]), new TextEncoder().encode('OV'), new Uint8Array(2), u32(data.length), data]);
  const even = (f: Uint8Array) => (f.length % 2 === 0 ? f : concatBytes([f, new Uint8Array(1)]));
  return concatBytes([
    p.bytes.subarray(0, headerStart),
    ...(eot === undefined ? [] : [ov(0x01, u64s(eot.offsets)), ov(0x02, u64s(eot.lengths))]),
    new Uint8Array([0xe0, 0x7f, 0x10, 0x00]), new TextEncoder().encode('OB'), new Uint8Array(2), u32(0xffffffff),
    item(concatBytes(bot.map(u32))),
    ...fragments.map((f) => item(even(f))),
    new Uint8Array([0xfe, 0xff, 0xdd, 0xe0]), u32(0),
  ]);
}

/** Splits a codestream into `parts` pieces of even length (the last takes the rest). */
function split(codestream: Uint8Array, parts: number): Uint8Array[] {
  const size = 2 * Math.ceil(codestream.length / parts / 2);
  const out: Uint8Array[] = [];
  for (let o = 0; o < codestream.length; o += size) out.push(codestream.slice(o, Math.min(codestream.length, o + size)));
  return out;
}

/** Byte offsets of fragment items: each frame's first fragment, counted from the first fragment item. */
function offsetsOf(frames: readonly (readonly Uint8Array[])[]): number[] {
  const out: number[] = [];
  let o = 0;
  for (const parts of frames) {
    out.push(o);
    for (const f of parts) o += 8 + f.length + (f.length % 2);
  }
  return out;
}

function multiframe(tmp: string): void {
  const enhanced = join(ROOT, 'dicom', 'enhanced-mr.dcm');
  const jpegls = join(tmp, 'enhanced-jpegls.dcm');
  run('dcmcjpls', ['+el', '+ot', enhanced, jpegls]);
  const p = parse(jpegls);
  const frames = frameCodestreams(p);
  const dir = join(OUT, 'multiframe');
  write(join(dir, 'enhanced-jpegls-bot.dcm'), p.bytes);
  const thirds = frames.map((f) => split(f, 3));
  write(join(dir, 'enhanced-jpegls-split-empty-bot.dcm'), reencapsulate(p, thirds.flat(), []));
  const two = frames.map((f) => split(f, 2));
  write(join(dir, 'enhanced-jpegls-split-bot.dcm'), reencapsulate(p, two.flat(), offsetsOf(two)));
  const one = frames.map((f) => [f]);
  write(join(dir, 'enhanced-jpegls-eot.dcm'), reencapsulate(p, frames, [], { offsets: offsetsOf(one), lengths: frames.map((f) => f.length) }));
  // JPEG 2000: opj_compress codestreams of the native frames, in the JPEG-LS file's place (both UIDs have 22 characters).
  const native = parse(enhanced);
  const px = native.dataSet.elements.x7fe00010;
  const n = native.dataSet.uint16('x00280010')! * native.dataSet.uint16('x00280011')!;
  const values = new Int16Array(native.bytes.slice(px.dataOffset, px.dataOffset + px.length).buffer);
  const j2kFrames = frames.map((_, i) => codestream('opj_compress', [...values.subarray(i * n, (i + 1) * n)], native.dataSet.uint16('x00280011')!, native.dataSet.uint16('x00280010')!, true, 16, ['-n', '2'], tmp));
  const j2kBytes = reencapsulate(p, j2kFrames, offsetsOf(j2kFrames.map((f) => [f])));
  const ts = p.dataSet.elements.x00020010;
  j2kBytes.set(new TextEncoder().encode('1.2.840.10008.1.2.4.90'), ts.dataOffset);
  write(join(dir, 'enhanced-j2k.dcm'), j2kBytes);

  const broken = join(OUT, 'broken');
  const cut = frames.map((f, i) => (i === 1 ? f.slice(0, Math.floor(f.length / 4) * 2) : f));
  write(join(broken, 'truncated-codestream.dcm'), reencapsulate(p, cut, offsetsOf(cut.map((f) => [f]))));
  write(join(broken, 'lying-offset-table.dcm'), reencapsulate(p, frames, offsetsOf(one).map((o, i) => (i === 0 ? 0 : o + 6))));
  // Three of the four frames' codestreams in 5 fragments (no table): grouping finds 3 frames, not 4.
  const three = [split(frames[0], 2), split(frames[1], 2), [frames[2]]].flat();
  write(join(broken, 'frame-count-mismatch.dcm'), reencapsulate(p, three, []));
  const j2k = parse(join(dir, 'enhanced-j2k.dcm'));
  const garbage = j2kFrames.map((f, i) => (i === 0 ? Uint8Array.from(f, (_, k) => (k * 37 + 11) & 0xff) : f));
  write(join(broken, 'garbage-codestream.dcm'), reencapsulate(j2k, garbage, offsetsOf(garbage.map((f) => [f]))));
}

/** The IBSI CT phantom series, JPEG-LS lossless (dcmcjpls), beside its uncompressed original. */
function ctPhantom(): void {
  const from = join(ROOT, 'ibsi1-ct-phantom', 'dicom', 'image');
  const to = join(OUT_ROOT, 'ibsi1-ct-phantom', 'dicom-jpegls', 'image');
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from).sort()) run('dcmcjpls', ['+el', join(from, f), join(to, f)]);
}

/**
 * JPEG Extended 12-bit checks (JPEG_EXTENDED): dcmdjpeg's decode of the small series, two IBSI CT phantom
 * slices by dcmcjpeg; and libjpeg-turbo's cjpeg / djpeg on GRADIENT for restart intervals (CODESTREAMS).
 */
function jpegExtended(): void {
  const ref = JPEG_EXTENDED.reference;
  for (const f of readdirSync(join(OUT, ref.from)).sort()) {
    mkdirSync(join(OUT, ref.folder), { recursive: true });
    run(ref.tool, [join(OUT, ref.from, f), join(OUT, ref.folder, f)]);
  }
  const ct = JPEG_EXTENDED.ctPhantom;
  const [tool, ...args] = ct.tool.split(' ');
  mkdirSync(join(OUT, ct.folder), { recursive: true });
  for (const f of ct.slices) run(tool, [...args, join(ROOT, 'ibsi1-ct-phantom', 'dicom', 'image', f), join(OUT, ct.folder, f)]);
  const header = `P5\n${GRADIENT.width} ${GRADIENT.height}\n255\n`;
  const pixels = new Uint8Array(GRADIENT.width * GRADIENT.height);
  for (let y = 0; y < GRADIENT.height; y++) for (let x = 0; x < GRADIENT.width; x++) pixels[y * GRADIENT.width + x] = gradientValue(x, y);
  const pgm = join(OUT, GRADIENT.file);
  write(pgm, concatBytes([new TextEncoder().encode(header), pixels]));
  for (const [file, c] of Object.entries(CODESTREAMS)) {
    const jpg = join(OUT, file);
    run('cjpeg', [...c.args.split(' '), '-outfile', jpg, pgm]);
    run('djpeg', ['-pnm', '-outfile', jpg.replace(/\.jpg$/, '.djpeg.pgm'), jpg]);
  }
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  const tmp = mkdtempSync(join(tmpdir(), 'radiomics-codecs-'));
  const Htj2k = await loadHtj2kEncoder();
  try {
    const sources = Object.fromEntries(Object.entries(SOURCES).map(([name, src]) => [name, writeSource(src)])) as Record<keyof typeof SOURCES, string[]>;
    for (const c of COMPRESSED) {
      const src = SOURCES[c.source];
      sources[c.source].forEach((input, k) => {
        const output = join(OUT, c.folder, `slice-${k + 1}.dcm`);
        mkdirSync(dirname(output), { recursive: true });
        const [tool, ...args] = c.tool.split(' ');
        if (tool === 'opj_compress' || tool === 'ojph_compress' || tool === 'HTJ2KEncoder') {
          const encapsulated = { uid: c.transferSyntax, encapsulated: true } as const;
          // A lossy codestream's provenance (PS3.3 C.7.6.1.1.5): Lossy Image Compression and Method.
          const method = tool === 'opj_compress' ? 'ISO_15444_1' : 'ISO_15444_15';
          const lossy: DataSetSpec = c.lossy ? { '00282110': ['CS', '01'], '00282114': ['CS', method] } : {};
          const samples = storedSlice(src, k);
          const { columns, rows } = src.series;
          const fragment = tool === 'HTJ2KEncoder' ? wasmHtj2k(Htj2k, samples, columns, rows, src.signed, src.bitsStored, args) : codestream(tool, samples, columns, rows, src.signed, src.bitsStored, args, tmp);
          write(output, writeDicom({ ...sliceDataSet(src, k), ...lossy, '7fe00010': ['OB', { fragments: [fragment] }] }, { transferSyntax: encapsulated }));
        } else {
          run(tool, [...args, input, output]);
        }
      });
    }
    multiframe(tmp);
    ctPhantom();
    jpegExtended();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  write(join(OUT, 'SOURCE.md'), sourceMd());
}

function sourceMd(): string {
  const rows = COMPRESSED.map((c) => `| ${c.folder}/ | ${c.transferSyntax} | source/${SOURCES[c.source].folder}/ | \`${c.tool}\` | ${c.lossy ? `lossy, max error ${c.maxError}` : 'lossless'} |`);
  return `# Compressed DICOM fixtures

Made by \`npx tsx scripts/make-compressed-dicom-fixtures.ts\` (what they hold: scripts/compressed-fixture-spec.ts,
which the tests import) with Debian's dcmtk (dcmcjpeg, dcmcjpls, dcmdjpeg), libopenjp2-tools (opj_compress), openjph-tools
(ojph_compress) and libjpeg-turbo-progs (cjpeg, djpeg); the JPEG 2000 and HTJ2K codestreams are wrapped by src/io/dicom/writer.ts (gdcmconv --j2k
crashes on images this small). No patient data; licence: the
project's (Apache-2.0). The sources sample value(p) = 2x + 3y + 5z (as fixtures/dicom/) on a 6 x 5 x 4 axial grid.
The tests read these bytes and need none of the tools. The signed HTJ2K copies are made by OpenJPH's
WebAssembly encoder (HTJ2KEncoder of @cornerstonejs/codec-openjph, the package that decodes HTJ2K here), not
by ojph_compress 0.9.0 (Debian 12), which writes signed 16-bit samples that OpenJPEG and OpenJPH both decode
saturated at 32767; OpenJPEG's opj_decompress, an independent decoder, reads the WebAssembly encoder's
codestreams back as the signed source (test/io/codecs/compressed.fixtures.test.ts, where it is installed).

| folder | source | what |
|---|---|---|
| source/signed-mono1/ | our writer | signed 16-bit, negative stored values (Rescale Intercept +1000), MONOCHROME1 |
| source/unsigned-12bit/ | our writer | unsigned, 12 bits stored in 16 |
| source/unsigned-8bit/ | our writer | unsigned 8-bit (Rescale Slope 1, Intercept 100) |

| folder | transfer syntax | from | tool | decoded |
|---|---|---|---|---|
${rows.join('\n')}

multiframe/ (from fixtures/dicom/enhanced-mr.dcm, 4 frames):

| file | layout |
|---|---|
${Object.entries(MULTIFRAME).map(([f, d]) => `| ${f} | ${d} |`).join('\n')}

broken/ (typed errors naming file and frame):

| file | what |
|---|---|
${Object.entries(BROKEN).map(([f, d]) => `| ${f} | ${d} |`).join('\n')}

fixtures/ibsi1-ct-phantom/dicom-jpegls/image/: the IBSI CT phantom series, each file by \`dcmcjpls +el\` (JPEG-LS lossless).

JPEG Extended 12-bit (our decoder, src/io/codecs/jpegExtended.ts, checked against dcmtk's):

| folder or file | what |
|---|---|
| ${JPEG_EXTENDED.reference.folder}/ | \`${JPEG_EXTENDED.reference.tool}\` of each file of ${JPEG_EXTENDED.reference.from}/ (IJG libjpeg 12-bit, integer IDCT) |
| ${JPEG_EXTENDED.ctPhantom.folder}/ | ${JPEG_EXTENDED.ctPhantom.slices.join(', ')} of the IBSI CT phantom series by \`${JPEG_EXTENDED.ctPhantom.tool}\` (12-bit, 201 x 204) |
| ${GRADIENT.file} | ${GRADIENT.width} x ${GRADIENT.height} 8-bit grey ramp (scripts/compressed-fixture-spec.ts gradientValue) |
${Object.entries(CODESTREAMS).map(([f, c]) => `| ${f} | \`cjpeg ${c.args}\` (libjpeg-turbo) of ${GRADIENT.file}; beside it \`djpeg -pnm\`'s decode (.djpeg.pgm) |`).join('\n')}
`;
}

await main();
