/**
 * Structural check of a JPEG-LS codestream (ITU T.87 Annex C) before CharLS runs, in one pass over its
 * bytes: SOI; marker segments whose lengths fit in the codestream and have the size their marker gives
 * them; one frame header (SOF55) with one component and 2 to 16 bits a sample; one scan (SOS) of that
 * component, whose entropy-coded data is not empty and ends at a marker; restart markers (RSTm) only
 * with a restart interval (DRI), in order and no more than the interval allows; then EOI.
 *
 * Why: CharLS spins when the entropy-coded data runs to the end of its buffer with no marker after it
 * (a truncated or overwritten EOI): it keeps decoding past the end for 12-30 s on a 6 x 5 image before it
 * gives up (measured with the fuzz suite: a codestream cut 6-13 bytes before its end took 32 s; the
 * same bytes followed by EOI fail in under 10 ms). Every JPEG-LS encoder ends its codestream with EOI
 * (T.87 C.1.1: a compressed image is SOI, frame, EOI), so this refuses no valid file.
 * Bytes after EOI (DICOM pads fragments to an even length) are not read, by CharLS or here.
 */
import { RadiomicsError } from '../../errors.js';
import type { FrameSpec } from './types.js';

const SOI = 0xd8;
const EOI = 0xd9;
const SOF55 = 0xf7;
const LSE = 0xf8;
const SOS = 0xda;
const DNL = 0xdc;
const DRI = 0xdd;
const COM = 0xfe;
const isRst = (m: number) => m >= 0xd0 && m <= 0xd7;
const isApp = (m: number) => m >= 0xe0 && m <= 0xef;

/** Throws 'CorruptFile' naming the frame unless `b` is a structurally whole one-component JPEG-LS codestream. */
export function checkJpegLsCodestream(b: Uint8Array, spec: FrameSpec): void {
  const fail = (why: string, at: number): never => {
    throw new RadiomicsError('CorruptFile', `${spec.where}: JPEG-LS codestream ${why} (at byte ${at} of ${b.length})`, { file: spec.where, offset: at });
  };
  if (b.length < 4 || b[0] !== 0xff || b[1] !== SOI) fail('does not start with SOI (FFD8)', 0);
  let i = 2;
  let frame: { readonly height: number; readonly component: number } | null = null;
  let scans = 0;
  let restartInterval = 0;
  for (;;) {
    if (i + 2 > b.length) fail('ends without an end-of-image marker (EOI, FFD9): truncated', i);
    if (b[i] !== 0xff) fail(`has byte ${hex(b[i])} where a marker should start`, i);
    let m = b[i + 1];
    while (m === 0xff && i + 2 < b.length) m = b[++i + 1]; // fill bytes (T.87 C.1.3)
    if (m === EOI) {
      if (scans === 0) fail('ends before any scan', i);
      return;
    }
    if (m === SOI || isRst(m)) fail(`has marker FF${hex(m)} outside its place`, i);
    if (!(m === SOF55 || m === LSE || m === SOS || m === DNL || m === DRI || m === COM || isApp(m))) fail(`has marker FF${hex(m)}, which JPEG-LS does not define`, i);
    if (i + 4 > b.length) fail(`ends inside the length of marker FF${hex(m)}`, i);
    const length = (b[i + 2] << 8) | b[i + 3];
    if (length < 2 || i + 2 + length > b.length) fail(`marker FF${hex(m)} declares ${length} bytes, past the end of the codestream`, i);
    const body = i + 4;
    const next = i + 2 + length;
    if (m === SOF55) {
      if (frame !== null) fail('has a second frame header (SOF55)', i);
      const nf = b[body + 5];
      if (length !== 8 + 3 * nf || nf !== 1) fail(`frame header of length ${length} with ${nf} component(s); one component needs length 11`, i);
      const p = b[body];
      if (p < 2 || p > 16) fail(`frame header declares ${p} bits a sample (2 to 16)`, i);
      frame = { height: (b[body + 1] << 8) | b[body + 2], component: b[body + 6] };
    } else if (m === LSE) {
      // Preset parameters (ID 1) have a fixed size; CharLS checks their values against the frame.
      if (length < 3) fail('has an empty LSE segment', i);
      const id = b[body];
      if (id < 1 || id > 4) fail(`has an LSE segment of unknown type ${id}`, i);
      if (id === 1 && length !== 13) fail(`has preset coding parameters of length ${length} (13)`, i);
    } else if (m === DRI) {
      // T.87 C.2.5: Lr 4, 5 or 6, Ri of Lr - 2 bytes.
      if (length < 4 || length > 6) fail(`has a restart interval segment of length ${length} (4 to 6)`, i);
      restartInterval = 0;
      for (let k = body; k < next; k++) restartInterval = restartInterval * 256 + b[k];
    } else if (m === DNL) {
      if (length !== 4) fail(`has a DNL segment of length ${length} (4)`, i);
    } else if (m === SOS) {
      if (frame === null) fail('has a scan before the frame header', i);
      if (scans > 0) fail('has a second scan; a one-component image has one', i);
      const ns = b[body];
      if (ns !== 1 || length !== 6 + 2 * ns) fail(`scan header of length ${length} with ${ns} component(s); one component needs length 8`, i);
      if (b[body + 1] !== frame!.component) fail(`scan of component ${b[body + 1]}, the frame's is ${frame!.component}`, i);
      const ilv = b[body + 4];
      if (ilv > 2) fail(`scan header declares interleave mode ${ilv} (0 to 2)`, i);
      scans++;
      i = entropyCodedEnd(b, next, frame!.height, restartInterval, fail);
      continue;
    }
    i = next;
  }
}

/**
 * The position of the marker that ends the entropy-coded data starting at `from`. In JPEG-LS data an FF
 * byte is followed by a byte whose high bit is 0 (a stuffed bit, T.87 A.1); FF then 80-FF is a marker.
 * RSTm markers inside it must count 0, 1, ... 7, 0 ... and be fewer than the restart intervals of the
 * frame (height / Ri rounded up, when the frame states its height).
 */
function entropyCodedEnd(b: Uint8Array, from: number, height: number, restartInterval: number, fail: (why: string, at: number) => never): number {
  let restarts = 0;
  let start = from;
  for (let j = from; j + 1 < b.length; j++) {
    if (b[j] !== 0xff || b[j + 1] < 0x80) continue;
    const m = b[j + 1];
    if (m === 0xff) continue; // a fill byte before the marker
    if (j === start) fail('has a scan or restart interval without entropy-coded data', j);
    if (!isRst(m)) return j;
    if (restartInterval === 0) fail(`has a restart marker FF${hex(m)} without a restart interval (DRI)`, j);
    if (m - 0xd0 !== restarts % 8) fail(`has restart marker FF${hex(m)} where RST${restarts % 8} is due`, j);
    restarts++;
    if (height > 0 && restarts >= Math.ceil(height / restartInterval)) fail(`has ${restarts + 1} restart intervals; ${height} lines in intervals of ${restartInterval} make ${Math.ceil(height / restartInterval)}`, j);
    start = j + 2;
    j++;
  }
  return fail('entropy-coded data runs to the end of the codestream without an end-of-image marker (EOI, FFD9): truncated or overwritten', from);
}

const hex = (v: number) => v.toString(16).toUpperCase().padStart(2, '0');
