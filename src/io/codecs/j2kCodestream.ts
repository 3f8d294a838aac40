/**
 * Structural check of a JPEG 2000 / HTJ2K codestream (ITU T.800 Annex A; HTJ2K, T.814, adds the CAP
 * and CPF markers) before OpenJPEG or OpenJPH runs, reading its markers only (no entropy decoding):
 * - SIZ (A.5.1): one component, 1 to 16 bits, no subsampling; image and tile grid consistent (tiles
 *   not empty, the first tile overlapping the image, XTOsiz <= XOsiz), and at most MAX_TILES tiles.
 * - COD / COC (A.6.1, A.6.2): the segment length its flags imply; progression order 0-4; 1 to
 *   MAX_LAYERS quality layers; 0 to 32 decomposition levels; code-block exponents xcb, ycb <= 8 with
 *   xcb + ycb <= 8 (blocks of at most 4096 samples); precinct exponents of 0 only at resolution 0; a
 *   component index that exists. QCD / QCC (A.6.4,
 *   A.6.5): the length their quantisation style implies for the decomposition levels.
 * - Tile-parts (A.4.2): each SOT of length 10 with a tile index below the tile count, a Psot that
 *   fits in the codestream (0 only for the last tile-part), SOD inside it; every tile present; then EOC.
 *
 * Why: a codec sizes its structures from these numbers before it reads any data. OpenJPEG allocates
 * per tile, per resolution, per precinct and per layer, so a corrupt header (found by the fuzz suite:
 * one case in 16,000 grew OpenJPEG's heap to 651 MB for a 6 x 5 image) costs memory that no pixel
 * needs. The bounds below are what any encoder writes for a DICOM frame; the tile count is bounded by
 * the frame's pixels (each tile holds at least MIN_TILE_PIXELS of them, or there is one tile), since
 * OpenJPEG's per-tile state is a few kB and a frame is a few bytes a pixel.
 * A codestream cut short (a tile-part longer than what is left) is refused here rather than decoded in
 * part, which OpenJPEG would do silently.
 */
import { RadiomicsError } from '../../errors.js';
import type { FrameSpec } from './types.js';

const SOC = 0xff4f;
const SIZ = 0xff51;
const COD = 0xff52;
const COC = 0xff53;
const QCD = 0xff5c;
const QCC = 0xff5d;
const SOT = 0xff90;
const SOD = 0xff93;
const EOC = 0xffd9;

/** A codestream's quality layers (T.800 allows 65535; encoders write 1 to a few tens). */
export const MAX_LAYERS = 256;
/** At most one tile per this many pixels of the frame (or one tile): a 512 x 512 frame may have 64 tiles of 64 x 64. */
export const MIN_TILE_PIXELS = 4096;

/** Throws 'CorruptFile' naming the frame unless `b` is a structurally whole one-component JPEG 2000 codestream. */
export function checkJ2kCodestream(b: Uint8Array, spec: FrameSpec, name: string): void {
  const fail = (why: string, at: number): never => {
    throw new RadiomicsError('CorruptFile', `${spec.where}: ${name} codestream ${why} (at byte ${at} of ${b.length})`, { file: spec.where, offset: at });
  };
  const u16 = (at: number) => (at + 2 <= b.length ? (b[at] << 8) | b[at + 1] : fail('ends inside a marker segment', at));
  const u32 = (at: number) => u16(at) * 65536 + u16(at + 2);
  if (u16(0) !== SOC || u16(2) !== SIZ) fail('does not start with SOC and SIZ (FF4F FF51)', 0);

  // SIZ: Lsiz Rsiz Xsiz Ysiz XOsiz YOsiz XTsiz YTsiz XTOsiz YTOsiz Csiz, then Ssiz XRsiz YRsiz per component.
  const lsiz = u16(4);
  const [xsiz, ysiz, xosiz, yosiz, xtsiz, ytsiz, xtosiz, ytosiz] = [8, 12, 16, 20, 24, 28, 32, 36].map(u32);
  const csiz = u16(40);
  if (csiz !== 1 || lsiz !== 38 + 3 * csiz) fail(`SIZ of length ${lsiz} with ${csiz} component(s); one component needs length 41`, 2);
  if (4 + lsiz > b.length) fail(`SIZ of length ${lsiz} runs past the end of the codestream`, 2);
  const depth = (b[42] & 0x7f) + 1;
  if (depth > 16) fail(`SIZ declares ${depth}-bit samples; 1 to 16 bits are read`, 42);
  if (b[43] !== 1 || b[44] !== 1) fail(`SIZ subsamples the component by ${b[43]} x ${b[44]}; a grey-scale frame is not subsampled`, 43);
  if (xtsiz === 0 || ytsiz === 0) fail(`SIZ declares tiles of ${xtsiz} x ${ytsiz}`, 24);
  if (xtosiz > xosiz || ytosiz > yosiz || xtosiz + xtsiz <= xosiz || ytosiz + ytsiz <= yosiz) {
    fail(`SIZ tile grid (offset ${xtosiz}, ${ytosiz}, tiles ${xtsiz} x ${ytsiz}) does not start on the image (offset ${xosiz}, ${yosiz})`, 32);
  }
  const tilesX = Math.ceil((xsiz - xtosiz) / xtsiz);
  const tilesY = Math.ceil((ysiz - ytosiz) / ytsiz);
  const tiles = tilesX * tilesY;
  const maxTiles = Math.max(1, Math.floor((spec.rows * spec.columns) / MIN_TILE_PIXELS));
  if (tiles > maxTiles) fail(`SIZ declares ${tilesX} x ${tilesY} tiles; a ${spec.columns} x ${spec.rows} frame may have ${maxTiles} (one per ${MIN_TILE_PIXELS} pixels)`, 24);

  // Main header, then tile-parts. COD and QCD are required in the main header (A.4.1).
  let i = 2 + 2 + lsiz;
  // Decomposition levels and quantisation of the one component: COC and QCC override COD and QCD (A.6).
  let levels = { cod: -1, coc: -1 };
  let quantisation: { qcd: Quantisation | null; qcc: Quantisation | null } = { qcd: null, qcc: null };
  const seen = new Uint8Array(tiles);
  let main = true;
  for (;;) {
    const marker = u16(i);
    if (marker === EOC) {
      if (main) fail('ends before any tile-part', i);
      break;
    }
    if (marker < 0xff00) fail(`has bytes ${hex(marker)} where a marker should start`, i);
    // FF30-FF3F: markers without a segment (A.1.3).
    if (marker >= 0xff30 && marker <= 0xff3f) {
      i += 2;
      continue;
    }
    const length = u16(i + 2);
    if (length < 2 || i + 2 + length > b.length) fail(`marker ${hex(marker)} declares ${length} bytes, past the end of the codestream`, i);
    const body = i + 4;
    if (marker === SOT) {
      if (main) {
        if (levels.cod < 0 || quantisation.qcd === null) fail('main header without COD and QCD', i);
        checkQuantisation(quantisation.qcc ?? quantisation.qcd!, levels.coc >= 0 ? levels.coc : levels.cod, fail);
        main = false;
      }
      // SOT: Lsot(10) Isot(2) Psot(4) TPsot(1) TNsot(1); Psot counts from the SOT marker to the tile-part's end.
      if (length !== 10) fail(`SOT of length ${length} (10)`, i);
      const tile = u16(body);
      const psot = u32(body + 2);
      if (tile >= tiles) fail(`tile-part of tile ${tile}; SIZ declares ${tiles} tile(s)`, i);
      seen[tile] = 1;
      const end = psot === 0 ? b.length : i + psot;
      if (psot !== 0 && (psot < 14 || end > b.length)) fail(`tile-part of ${psot} bytes; ${b.length - i} are left (truncated)`, i);
      // Tile-part header up to SOD.
      let j = i + 12;
      for (;;) {
        if (j + 2 > end) fail('tile-part header without SOD', j);
        const m = u16(j);
        if (m === SOD) break;
        if (m < 0xff00 || j + 4 > end) fail(`tile-part header has bytes ${hex(m)} where a marker should start`, j);
        const l = u16(j + 2);
        if (l < 2 || j + 2 + l > end) fail(`marker ${hex(m)} declares ${l} bytes, past the end of its tile-part`, j);
        if (m === COD || m === COC) checkCoding(b, m, j, l, fail);
        j += 2 + l;
      }
      if (psot === 0) {
        // The last tile-part runs to EOC (A.4.2), which must close the codestream.
        if (u16(b.length - 2) !== EOC) fail('last tile-part (Psot 0) without EOC at the end (truncated)', b.length - 2);
        break;
      }
      i = end;
      continue;
    }
    if (!main) fail(`marker ${hex(marker)} between tile-parts`, i);
    if (marker === COD || marker === COC) {
      const nl = checkCoding(b, marker, i, length, fail);
      levels = marker === COD ? { ...levels, cod: nl } : { ...levels, coc: nl };
    } else if (marker === QCD || marker === QCC) {
      // QCC: Lqcc Cqcc(1) Sqcc ...; QCD: Lqcd Sqcd ... (one component: Cqcc is one byte and must be 0).
      const off = marker === QCC ? 1 : 0;
      if (marker === QCC && b[body] !== 0) fail(`QCC for component ${b[body]}; there is one`, i);
      if (length < 3 + off) fail(`${marker === QCD ? 'QCD' : 'QCC'} of length ${length}`, i);
      const q: Quantisation = { at: i, style: b[body + off] & 0x1f, length: length - off };
      quantisation = marker === QCD ? { ...quantisation, qcd: q } : { ...quantisation, qcc: q };
    }
    i += 2 + length;
  }
  const missing = seen.indexOf(0);
  if (missing !== -1) fail(`has no tile-part for tile ${missing} of ${tiles}`, i);
}

/**
 * COD (Lcod Scod SGcod(4) SPcod(5) [precincts]) or COC (Lcoc Ccoc(1) Scoc SPcoc(5) [precincts]): checks
 * lengths and bounds, returns the number of decomposition levels.
 */
function checkCoding(b: Uint8Array, marker: number, at: number, length: number, fail: (why: string, at: number) => never): number {
  const cod = marker === COD;
  const what = cod ? 'COD' : 'COC';
  const body = at + 4;
  if (length < (cod ? 12 : 9)) fail(`${what} of length ${length}`, at);
  if (!cod && b[body] !== 0) fail(`COC for component ${b[body]}; there is one`, at);
  const scod = b[cod ? body : body + 1];
  let sp = body + (cod ? 1 : 2);
  if (cod) {
    const progression = b[sp];
    const layers = (b[sp + 1] << 8) | b[sp + 2];
    if (progression > 4) fail(`COD declares progression order ${progression} (0 to 4)`, at);
    if (layers < 1 || layers > MAX_LAYERS) fail(`COD declares ${layers} quality layers (1 to ${MAX_LAYERS})`, at);
    sp += 4;
  }
  const levels = b[sp];
  const xcb = b[sp + 1];
  const ycb = b[sp + 2];
  if (levels > 32) fail(`${what} declares ${levels} decomposition levels (0 to 32)`, at);
  if (xcb > 8 || ycb > 8 || xcb + ycb > 8) fail(`${what} declares code-blocks of 2^${xcb + 2} x 2^${ycb + 2} samples (at most 4096)`, at);
  const precincts = (scod & 1) === 1;
  const expected = (cod ? 12 : 9) + (precincts ? levels + 1 : 0);
  if (length !== expected) fail(`${what} of length ${length}; its flags and ${levels} decomposition levels make ${expected}`, at);
  // Precinct sizes (A.6.1, table A.21): exponents PPx (low nibble), PPy (high); 0 only at resolution 0.
  if (precincts) {
    for (let r = 1; r <= levels; r++) {
      const pp = b[sp + 5 + r];
      if ((pp & 0x0f) === 0 || pp >> 4 === 0) fail(`${what} declares precincts of 2^${pp & 0x0f} x 2^${pp >> 4} at resolution ${r} (exponents 0 only at resolution 0)`, at);
    }
  }
  return levels;
}

interface Quantisation {
  readonly at: number;
  /** Low five bits of Sqcd / Sqcc. */
  readonly style: number;
  /** Segment length without the component byte of QCC. */
  readonly length: number;
}

/** QCD's length for its style (A.6.4): none 1 byte a sub-band, scalar derived 2 bytes, scalar expounded 2 a sub-band. */
function checkQuantisation(q: Quantisation, levels: number, fail: (why: string, at: number) => never): void {
  const bands = 3 * levels + 1;
  const expected = q.style === 0 ? 3 + bands : q.style === 1 ? 5 : q.style === 2 ? 3 + 2 * bands : -1;
  if (expected === -1) fail(`QCD declares quantisation style ${q.style} (0 to 2)`, q.at);
  if (q.length !== expected) fail(`QCD of length ${q.length}; style ${q.style} with ${levels} decomposition levels makes ${expected}`, q.at);
}

const hex = (v: number) => v.toString(16).toUpperCase().padStart(4, '0');
