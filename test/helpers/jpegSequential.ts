/**
 * A minimal JPEG sequential (SOF0 / SOF1) writer for decoder tests: one component, given quantised DCT
 * coefficients per block (zig-zag order), fixed Huffman tables that hold every symbol the precision can
 * need, optional restart interval, and hooks to break the result. It encodes no image (no forward DCT):
 * the tests choose the coefficients and compute the expected samples from T.81's IDCT formula themselves.
 */

export interface SequentialJpeg {
  readonly width: number;
  readonly height: number;
  readonly precision: 8 | 12;
  /** Per 8 x 8 block in raster order, 64 quantised coefficients in zig-zag order (index 0 = DC). */
  readonly blocks: readonly (readonly number[])[];
  /** 64 quantisation values in zig-zag order (default: all 1). */
  readonly quant?: readonly number[];
  readonly restartInterval?: number;
  /** Frame marker (default: SOF1 for 12-bit, SOF0 for 8-bit). */
  readonly sofMarker?: number;
  /** Restart marker number to write at the n-th restart (default n mod 8): lets a test write a wrong one. */
  readonly restartNumber?: (n: number) => number;
  /** Entropy-coded bits written instead of the blocks' encoding: [value, bit count] pairs (codes from dcCode / acCode). */
  readonly rawScan?: readonly (readonly [number, number])[];
}

/** The DC Huffman code of category s: [code, length]. */
export const dcCode = (s: number): [number, number] => [s, 5];
/** The AC Huffman code of run/size symbol (r << 4) | s: [code, length]. */
export const acCode = (symbol: number): [number, number] => [AC_SYMBOLS.indexOf(symbol), 8];

/** DC symbols 0..15 (categories), each a 5-bit code: canonical code = the symbol itself. */
const DC_SYMBOLS = Array.from({ length: 16 }, (_, i) => i);
/** AC symbols: EOB, ZRL and every run/size (r, s) with s 1..14, each an 8-bit code in this order. */
const AC_SYMBOLS = [0x00, 0xf0, ...Array.from({ length: 16 * 14 }, (_, i) => (Math.floor(i / 14) << 4) | ((i % 14) + 1))];

export function category(v: number): number {
  let a = Math.abs(v);
  let s = 0;
  while (a > 0) {
    s++;
    a >>= 1;
  }
  return s;
}

class BitWriter {
  readonly bytes: number[] = [];
  private acc = 0;
  private n = 0;
  write(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      this.n++;
      if (this.n === 8) this.flushByte();
    }
  }
  private flushByte(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0x00); // byte stuffing
    this.acc = 0;
    this.n = 0;
  }
  /** Pads the last byte with 1-bits (T.81 F.1.2.3). */
  align(): void {
    while (this.n !== 0) this.write(1, 1);
  }
}

const u16 = (v: number) => [v >> 8, v & 0xff];
const segment = (marker: number, body: readonly number[]) => [0xff, marker, ...u16(body.length + 2), ...body];

function dht(tc: number, th: number, symbols: readonly number[], length: number): number[] {
  const counts = new Array(16).fill(0);
  counts[length - 1] = symbols.length;
  return segment(0xc4, [(tc << 4) | th, ...counts, ...symbols]);
}

export function writeSequentialJpeg(j: SequentialJpeg): Uint8Array {
  const quant = j.quant ?? new Array(64).fill(1);
  const wide = quant.some((q) => q > 255);
  const header = [
    0xff, 0xd8,
    ...segment(0xdb, [(wide ? 1 : 0) << 4, ...quant.flatMap((q) => (wide ? u16(q) : [q]))]),
    ...dht(0, 0, DC_SYMBOLS, 5),
    ...dht(1, 0, AC_SYMBOLS, 8),
    ...(j.restartInterval ? segment(0xdd, u16(j.restartInterval)) : []),
    ...segment(j.sofMarker ?? (j.precision === 12 ? 0xc1 : 0xc0), [j.precision, ...u16(j.height), ...u16(j.width), 1, 1, 0x11, 0]),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
  ];
  const w = new BitWriter();
  const out: number[] = [];
  let predictor = 0;
  let restarts = 0;
  for (const [value, bits] of j.rawScan ?? []) w.write(value, bits);
  (j.rawScan === undefined ? j.blocks : []).forEach((block, b) => {
    if (j.restartInterval && b > 0 && b % j.restartInterval === 0) {
      w.align();
      out.push(...w.bytes.splice(0), 0xff, 0xd0 + ((j.restartNumber ?? ((n) => n % 8))(restarts) & 7));
      restarts++;
      predictor = 0;
    }
    const diff = block[0] - predictor;
    predictor = block[0];
    const s = category(diff);
    w.write(DC_SYMBOLS.indexOf(s), 5);
    if (s > 0) w.write(diff > 0 ? diff : diff + (1 << s) - 1, s);
    let run = 0;
    let last = 63;
    while (last > 0 && block[last] === 0) last--;
    for (let k = 1; k <= last; k++) {
      if (block[k] === 0) {
        run++;
        continue;
      }
      while (run > 15) {
        w.write(AC_SYMBOLS.indexOf(0xf0), 8);
        run -= 16;
      }
      const size = category(block[k]);
      w.write(AC_SYMBOLS.indexOf((run << 4) | size), 8);
      w.write(block[k] > 0 ? block[k] : block[k] + (1 << size) - 1, size);
      run = 0;
    }
    if (last < 63) w.write(AC_SYMBOLS.indexOf(0x00), 8);
  });
  w.align();
  out.push(...w.bytes.splice(0));
  return Uint8Array.from([...header, ...out, 0xff, 0xd9]);
}

/**
 * The samples T.81 A.3.3 defines for quantised coefficients `block` (zig-zag) and table `quant`, straight
 * from the double sum with Math.cos (no separation, no shared code with the decoder): level-shifted,
 * rounded half up, clamped to the precision.
 */
export function exactBlockSamples(block: readonly number[], quant: readonly number[], precision: number, zigzag: readonly number[]): number[] {
  const F = new Array(64).fill(0);
  for (let k = 0; k < 64; k++) F[zigzag[k]] = block[k] * quant[k];
  const C = (u: number) => (u === 0 ? Math.SQRT1_2 : 1);
  const out: number[] = [];
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      let s = 0;
      for (let v = 0; v < 8; v++) for (let u = 0; u < 8; u++) s += C(u) * C(v) * F[v * 8 + u] * Math.cos(((2 * x + 1) * u * Math.PI) / 16) * Math.cos(((2 * y + 1) * v * Math.PI) / 16);
      const value = Math.round(s / 4 + 2 ** (precision - 1));
      out.push(Math.min(2 ** precision - 1, Math.max(0, value)));
    }
  }
  return out;
}
