/**
 * JPEG sequential DCT with Huffman coding, 8- and 12-bit samples (ITU-T T.81 processes 1, 2 and 4: SOF0
 * and SOF1; DICOM JPEG Extended 1.2.840.10008.1.2.4.51 is where 12-bit frames come from). Ours, in
 * TypeScript, because no maintained JavaScript package decodes 12-bit JPEG: libjpeg-turbo as packaged for
 * Cornerstone is an 8-bit build, and Cornerstone's own 12-bit path is a copy of pdf.js's old jpg.js kept
 * inside its image loader, which exports no such module (docs/architecture.md).
 *
 * Scope: one component (DICOM grey-scale frames), one sequential scan (Ss 0, Se 63, Ah = Al = 0), restart
 * intervals. Everything else (progressive, lossless, arithmetic coding, hierarchical, DNL, several
 * components or scans) is a 'CorruptFile' naming the frame, as is every inconsistency in the tables or the
 * entropy-coded data; the frame size is checked against the DICOM header before anything is allocated.
 *
 * Decoding (T.81 annex F): Huffman decoding of the DC difference and the run-length coded AC coefficients,
 * dequantisation, the inverse DCT
 *   s(y, x) = 1/4 sum_v sum_u C(u) C(v) F(v, u) cos((2x + 1) u pi / 16) cos((2y + 1) v pi / 16),
 *   C(0) = 1/sqrt(2), C(k) = 1 otherwise,
 * evaluated separably in double precision (the exact transform, where libjpeg's default integer IDCT
 * approximates it with 13-bit constants: the two may differ by 1 in a sample), then the level shift
 * 2^(P-1), rounding half up and clamping to [0, 2^P - 1].
 */
import type { FrameDecoder, FrameSamples, FrameSpec } from './types.js';
import { corrupt } from './emscripten.js';

export async function loadJpegExtended(): Promise<FrameDecoder> {
  return { decode: decodeJpegSequential };
}

/** T.81 figure A.6: zig-zag index k -> natural (row-major) index within the 8 x 8 block. */
const ZIGZAG = Uint8Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37,
  44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/**
 * IDCT basis c[x * 8 + u] = C(u)/2 cos((2x + 1) u pi / 16). The cosines of k pi / 16 are written with
 * square roots (cos(pi/4) = sqrt(2)/2, cos(pi/8) = sqrt(2 + sqrt(2))/2, half-angle formula), which IEEE 754
 * rounds correctly on every engine: Math.cos is not, and the decoded samples must be the same in Node and
 * in every browser.
 */
const BASIS: Float64Array = (() => {
  const r2 = Math.sqrt(2);
  const c = [1, Math.sqrt(2 + Math.sqrt(2 + r2)) / 2, Math.sqrt(2 + r2) / 2, Math.sqrt(2 + Math.sqrt(2 - r2)) / 2, r2 / 2, Math.sqrt(2 - Math.sqrt(2 - r2)) / 2, Math.sqrt(2 - r2) / 2, Math.sqrt(2 - Math.sqrt(2 + r2)) / 2, 0];
  // cos(m pi / 16) for any integer m >= 0, by cos(2 pi - t) = cos t and cos(pi - t) = -cos t.
  const cosPi16 = (m: number): number => {
    let k = m % 32;
    if (k > 16) k = 32 - k;
    return k > 8 ? -c[16 - k] : c[k];
  };
  const basis = new Float64Array(64);
  for (let x = 0; x < 8; x++) for (let u = 0; u < 8; u++) basis[x * 8 + u] = (u === 0 ? 1 / r2 : 1) * 0.5 * cosPi16((2 * x + 1) * u);
  return basis;
})();

/** A Huffman table in T.81 annex C / F.2.2.3 form: per code length, the largest code and where its values start. */
interface HuffmanTable {
  readonly maxCode: Int32Array; // index 1..16; -1 when no code has that length
  readonly valPtr: Int32Array; // index of the first value of codes of that length, minus the first such code
  readonly values: Uint8Array;
  /** The shortest code length, for the lower bound on a block's bits. */
  readonly minLength: number;
}

interface Component {
  readonly id: number;
  readonly quantTable: number;
}

interface Frame {
  readonly precision: number;
  readonly width: number;
  readonly height: number;
  readonly component: Component;
}

/** Decodes one codestream into Rows x Columns samples (Uint8Array for 8-bit samples in 8-bit words, else Uint16Array). */
export function decodeJpegSequential(jpeg: Uint8Array, spec: FrameSpec): FrameSamples {
  const fail = (message: string): never => {
    throw corrupt(spec, `JPEG (sequential DCT): ${message}`);
  };
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) fail('the codestream does not start with SOI (FFD8)');
  const quant: (Uint16Array | undefined)[] = [];
  const dcTables: (HuffmanTable | undefined)[] = [];
  const acTables: (HuffmanTable | undefined)[] = [];
  let restartInterval = 0;
  let frame: Frame | null = null;
  let p = 2;
  for (;;) {
    // Markers may be preceded by any number of fill bytes FF (T.81 B.1.1.2).
    if (p + 1 >= jpeg.length) fail(`the codestream ends at byte ${p} before a scan`);
    if (jpeg[p] !== 0xff) fail(`byte ${p} is 0x${jpeg[p].toString(16)}, a marker (FFxx) was expected`);
    const marker = jpeg[p + 1];
    if (marker === 0xff) {
      p++;
      continue;
    }
    if (marker === 0xd9) fail('the codestream ends (EOI) before a scan');
    if (p + 4 > jpeg.length) fail(`marker FF${hex(marker)} at byte ${p} is cut off`);
    const length = (jpeg[p + 2] << 8) | jpeg[p + 3];
    const start = p + 4;
    const end = p + 2 + length;
    if (length < 2 || end > jpeg.length) fail(`marker segment FF${hex(marker)} at byte ${p} declares ${length} bytes, ${jpeg.length - p - 2} remain`);
    const segment = jpeg.subarray(start, end);
    if (marker === 0xdb) readQuantTables(segment, quant, fail);
    else if (marker === 0xc4) readHuffmanTables(segment, dcTables, acTables, fail);
    else if (marker === 0xdd) {
      if (segment.length !== 2) fail(`DRI segment of ${segment.length + 2} bytes, 4 expected`);
      restartInterval = (segment[0] << 8) | segment[1];
    } else if (marker === 0xc0 || marker === 0xc1) {
      if (frame !== null) fail('a second frame header (SOF)');
      frame = readFrame(segment, marker, spec, fail);
    } else if ((marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xf7) {
      fail(`frame header SOF${marker - 0xc0} (FF${hex(marker)}) is not sequential DCT with Huffman coding (SOF0, SOF1), the JPEG process of this decoder`);
    } else if (marker === 0xdc) {
      fail('DNL (frame height given after the scan) is not supported');
    } else if (marker === 0xda) {
      if (frame === null) fail('a scan (SOS) before the frame header (SOF)');
      const f = frame as Frame;
      const scan = readScan(segment, f, dcTables, acTables, fail);
      const table = quant[f.component.quantTable] ?? fail(`quantisation table ${f.component.quantTable} is not defined`);
      if (f.precision === 8 && table.some((q) => q > 255)) fail('quantisation values above 255 in an 8-bit frame');
      return decodeScan(jpeg, end, f, scan.dc, scan.ac, table, restartInterval, spec, fail);
    }
    // APPn, COM and any other segment with a length: skipped.
    p = end;
  }
}

function hex(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}

/** DQT (T.81 B.2.4.1): Pq (0: 8-bit, 1: 16-bit values) Tq, then 64 values in zig-zag order; none may be 0. */
function readQuantTables(s: Uint8Array, quant: (Uint16Array | undefined)[], fail: (m: string) => never): void {
  let i = 0;
  while (i < s.length) {
    const pq = s[i] >> 4;
    const tq = s[i] & 15;
    if (pq > 1 || tq > 3) fail(`DQT: precision ${pq} / table ${tq} (0-1 / 0-3 allowed)`);
    const size = pq === 0 ? 64 : 128;
    if (i + 1 + size > s.length) fail('DQT segment shorter than its tables');
    const table = new Uint16Array(64);
    for (let k = 0; k < 64; k++) {
      const q = pq === 0 ? s[i + 1 + k] : (s[i + 1 + 2 * k] << 8) | s[i + 2 + 2 * k];
      if (q === 0) fail(`DQT: table ${tq} has a zero quantisation value`);
      table[k] = q;
    }
    quant[tq] = table;
    i += 1 + size;
  }
}

/** DHT (T.81 B.2.4.2): Tc Th, 16 counts of codes per length, then the values; codes built as in annex C. */
function readHuffmanTables(s: Uint8Array, dc: (HuffmanTable | undefined)[], ac: (HuffmanTable | undefined)[], fail: (m: string) => never): void {
  let i = 0;
  while (i < s.length) {
    if (i + 17 > s.length) fail('DHT segment shorter than its code counts');
    const tc = s[i] >> 4;
    const th = s[i] & 15;
    if (tc > 1 || th > 3) fail(`DHT: class ${tc} / table ${th} (0-1 / 0-3 allowed)`);
    let total = 0;
    for (let l = 1; l <= 16; l++) total += s[i + l];
    if (total > 256 || i + 17 + total > s.length) fail(`DHT: ${total} codes, more than 256 or than the segment holds`);
    const maxCode = new Int32Array(17).fill(-1);
    const valPtr = new Int32Array(17);
    let code = 0;
    let k = 0;
    for (let l = 1; l <= 16; l++) {
      const n = s[i + l];
      valPtr[l] = k - code;
      code += n;
      k += n;
      // Codes of length l run from the first free code; they must fit in l bits and the all-ones code stays unused.
      if (n > 0) {
        if (code >= 1 << l) fail(`DHT: table ${th} has more codes of length ${l} than fit in ${l} bits`);
        maxCode[l] = code - 1;
      }
      code <<= 1;
    }
    if (total === 0) fail(`DHT: table ${th} of class ${tc} has no codes`);
    let minLength = 1;
    while (s[i + minLength] === 0) minLength++;
    (tc === 0 ? dc : ac)[th] = { maxCode, valPtr, values: s.slice(i + 17, i + 17 + total), minLength };
    i += 17 + total;
  }
}

/** SOF0 / SOF1 (T.81 B.2.2): P Y X Nf, then Ci Hi|Vi Tqi per component. Checked against the DICOM frame. */
function readFrame(s: Uint8Array, marker: number, spec: FrameSpec, fail: (m: string) => never): Frame {
  if (s.length < 6) fail('frame header (SOF) shorter than 8 bytes');
  const precision = s[0];
  const height = (s[1] << 8) | s[2];
  const width = (s[3] << 8) | s[4];
  const count = s[5];
  if (s.length !== 6 + 3 * count) fail(`frame header of ${s.length + 2} bytes for ${count} component(s)`);
  if (marker === 0xc0 ? precision !== 8 : precision !== 8 && precision !== 12) fail(`sample precision ${precision} in SOF${marker - 0xc0} (8${marker === 0xc0 ? '' : ' or 12'} allowed)`);
  if (count !== 1) fail(`${count} components; DICOM grey-scale frames have 1`);
  if (height === 0) fail('frame height 0 (given by a DNL marker) is not supported');
  if (width !== spec.columns || height !== spec.rows) fail(`the frame is ${width} x ${height}, the DICOM header says ${spec.columns} x ${spec.rows}`);
  if (precision > spec.bitsAllocated) fail(`${precision}-bit samples do not fit Bits Allocated ${spec.bitsAllocated}`);
  const quantTable = s[8];
  if (quantTable > 3) fail(`quantisation table selector ${quantTable} (0-3 allowed)`);
  return { precision, width, height, component: { id: s[6], quantTable } };
}

/** SOS (T.81 B.2.3): Ns, Cs Td|Ta per component, Ss Se Ah|Al. One component, sequential (0, 63, 0, 0). */
function readScan(s: Uint8Array, f: Frame, dcTables: (HuffmanTable | undefined)[], acTables: (HuffmanTable | undefined)[], fail: (m: string) => never): { dc: HuffmanTable; ac: HuffmanTable } {
  if (s.length < 1 || s.length !== 4 + 2 * s[0]) fail('scan header (SOS) length does not match its component count');
  if (s[0] !== 1) fail(`a scan of ${s[0]} components; the frame has 1`);
  if (s[1] !== f.component.id) fail(`the scan's component ${s[1]} is not the frame's (${f.component.id})`);
  if (s[3] !== 0 || s[4] !== 63 || s[5] !== 0) fail(`spectral selection ${s[3]}-${s[4]}, approximation ${s[5] >> 4}/${s[5] & 15}: not a sequential scan (0-63, 0/0)`);
  const dc = dcTables[s[2] >> 4] ?? fail(`DC Huffman table ${s[2] >> 4} is not defined`);
  const ac = acTables[s[2] & 15] ?? fail(`AC Huffman table ${s[2] & 15} is not defined`);
  return { dc, ac };
}

/**
 * The entropy-coded segment from byte `p`: ceil(X/8) x ceil(Y/8) blocks in raster order (a one-component
 * scan is non-interleaved: one block per MCU, T.81 A.2.2), a restart marker RST(m mod 8) after every
 * `restartInterval` blocks (DC predictor reset, bit alignment).
 */
function decodeScan(jpeg: Uint8Array, start: number, f: Frame, dc: HuffmanTable, ac: HuffmanTable, quant: Uint16Array, restartInterval: number, spec: FrameSpec, fail: (m: string) => never): FrameSamples {
  const blocksPerLine = Math.ceil(f.width / 8);
  const blockLines = Math.ceil(f.height / 8);
  const blocks = blocksPerLine * blockLines;
  // Every block takes at least a DC code and an AC code (EOB or a coefficient): a codestream too short
  // for that many blocks is refused before the output (Rows x Columns samples) is allocated.
  const minBits = blocks * (dc.minLength + ac.minLength);
  if (minBits > 8 * (jpeg.length - start)) fail(`${jpeg.length - start} bytes of entropy-coded data cannot hold the ${blocks} blocks of a ${f.width} x ${f.height} frame`);
  const out = f.precision === 8 && spec.bitsAllocated === 8 ? new Uint8Array(f.width * f.height) : new Uint16Array(f.width * f.height);
  const maxSample = (1 << f.precision) - 1;
  const shift = 1 << (f.precision - 1);
  // Largest magnitude category of a DC difference / AC coefficient (T.81 F.1.2.1 and F.1.2.2): P + 3 and P + 2.
  const maxDcCategory = f.precision + 3;
  const maxAcCategory = f.precision + 2;
  const coef = new Float64Array(64);
  const rows = new Float64Array(64);

  let pos = start;
  let byte = 0;
  let bitsLeft = 0;
  let block = 0;
  const readBit = (): number => {
    if (bitsLeft === 0) {
      if (pos >= jpeg.length) fail(`the entropy-coded data ends in block ${block + 1} of ${blocks}`);
      byte = jpeg[pos];
      if (byte === 0xff) {
        const next = jpeg[pos + 1];
        if (next !== 0x00) fail(`marker FF${next === undefined ? '' : hex(next)} at byte ${pos} inside block ${block + 1} of ${blocks}: the entropy-coded data is truncated or corrupt`);
        pos += 2; // stuffed zero byte (T.81 F.1.2.3)
      } else pos++;
      bitsLeft = 8;
    }
    bitsLeft--;
    return (byte >> bitsLeft) & 1;
  };
  const receive = (n: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | readBit();
    return v;
  };
  // EXTEND (T.81 F.2.2.1): a category-s value v below 2^(s-1) is negative: v - 2^s + 1.
  const extend = (v: number, s: number): number => (v < 1 << (s - 1) ? v - (1 << s) + 1 : v);
  const decodeSymbol = (t: HuffmanTable): number => {
    let code = readBit();
    let l = 1;
    while (code > t.maxCode[l]) {
      if (l === 16) fail(`no Huffman code of up to 16 bits matches in block ${block + 1} of ${blocks}`);
      code = (code << 1) | readBit();
      l++;
    }
    const index = t.valPtr[l] + code;
    if (index >= t.values.length) fail(`a Huffman code without a value in block ${block + 1} of ${blocks}`);
    return t.values[index];
  };

  let predictor = 0;
  let restarts = 0;
  for (block = 0; block < blocks; block++) {
    if (restartInterval > 0 && block > 0 && block % restartInterval === 0) {
      // RSTm (T.81 E.1.4): the rest of the byte is padding; fill bytes FF may precede the marker.
      bitsLeft = 0;
      while (jpeg[pos] === 0xff && jpeg[pos + 1] === 0xff) pos++;
      const expected = 0xd0 + (restarts % 8);
      if (jpeg[pos] !== 0xff || jpeg[pos + 1] !== expected) fail(`restart marker FF${hex(expected)} expected at byte ${pos} before block ${block + 1} of ${blocks}`);
      pos += 2;
      restarts++;
      predictor = 0;
    }
    coef.fill(0);
    const t = decodeSymbol(dc);
    if (t > maxDcCategory) fail(`DC difference category ${t} in block ${block + 1} (at most ${maxDcCategory} for ${f.precision}-bit samples)`);
    predictor += t === 0 ? 0 : extend(receive(t), t);
    coef[0] = predictor * quant[0];
    for (let k = 1; k < 64; ) {
      const rs = decodeSymbol(ac);
      const r = rs >> 4;
      const s = rs & 15;
      if (s === 0) {
        if (r !== 15) break; // EOB
        k += 16; // ZRL: sixteen zeros
        continue;
      }
      if (s > maxAcCategory) fail(`AC coefficient category ${s} in block ${block + 1} (at most ${maxAcCategory} for ${f.precision}-bit samples)`);
      k += r;
      if (k > 63) fail(`AC run past coefficient 63 in block ${block + 1} of ${blocks}`);
      coef[ZIGZAG[k]] = extend(receive(s), s) * quant[k];
      k++;
    }
    // Inverse DCT, rows then columns: rows[v * 8 + x] = sum_u c(x, u) F(v, u); sample = sum_v c(y, v) rows[v * 8 + x].
    for (let v = 0; v < 8; v++) {
      for (let x = 0; x < 8; x++) {
        let sum = 0;
        for (let u = 0; u < 8; u++) sum += BASIS[x * 8 + u] * coef[v * 8 + u];
        rows[v * 8 + x] = sum;
      }
    }
    const bx = (block % blocksPerLine) * 8;
    const by = Math.floor(block / blocksPerLine) * 8;
    const ny = Math.min(8, f.height - by);
    const nx = Math.min(8, f.width - bx);
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        let sum = 0;
        for (let v = 0; v < 8; v++) sum += BASIS[y * 8 + v] * rows[v * 8 + x];
        const sample = Math.round(sum + shift);
        out[(by + y) * f.width + bx + x] = sample < 0 ? 0 : sample > maxSample ? maxSample : sample;
      }
    }
  }
  return out;
}
