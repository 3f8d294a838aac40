/**
 * RLE Lossless (transfer syntax 1.2.840.10008.1.2.5, DICOM PS3.5 annex G): one fragment per frame; a
 * 64-byte header (segment count, then 15 segment offsets, uint32 little endian); one PackBits segment per
 * byte of a sample, most significant byte first. Decoded here to native little-endian frame bytes.
 */
import { RadiomicsError } from '../../errors.js';

/** Most bytes one PackBits byte pair can decode to (a replicate run of 128 from a header and a value byte), per byte. */
const MAX_EXPANSION = 64;

/**
 * Checks an RLE fragment without decoding it: the 64-byte header, one segment per sample byte, segment
 * offsets inside the fragment, and each segment long enough to decode to `pixels` bytes (at most
 * MAX_EXPANSION per byte). So a decoder's output is never more than 64 times the fragment's size.
 */
export function checkRleFragment(fragment: Uint8Array, pixels: number, bytesPerSample: number, where: string): void {
  segmentBounds(fragment, pixels, bytesPerSample, where);
}

/** [start, end) of each segment of a checked fragment (see checkRleFragment). */
function segmentBounds(fragment: Uint8Array, pixels: number, bytesPerSample: number, where: string): [number, number][] {
  if (fragment.length < 64) throw corrupt(where, `RLE fragment of ${fragment.length} bytes is shorter than its 64-byte header`);
  const dv = new DataView(fragment.buffer, fragment.byteOffset, fragment.byteLength);
  const segments = dv.getUint32(0, true);
  if (segments !== bytesPerSample) throw corrupt(where, `RLE frame has ${segments} segments, ${bytesPerSample} expected for ${8 * bytesPerSample}-bit samples`);
  const bounds: [number, number][] = [];
  for (let s = 0; s < segments; s++) {
    const start = dv.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? dv.getUint32(8 + 4 * s, true) : fragment.length;
    if (start < 64 || end > fragment.length || end < start) throw corrupt(where, `RLE segment ${s + 1} offsets ${start}..${end} lie outside the fragment`);
    if ((end - start) * MAX_EXPANSION < pixels) throw corrupt(where, `RLE segment ${s + 1} has ${end - start} bytes, too few to decode to ${pixels} pixels`);
    bounds.push([start, end]);
  }
  return bounds;
}

/** Decodes one RLE fragment into `rows * columns` samples of `bytesPerSample` bytes, little endian. */
export function decodeRleFrame(fragment: Uint8Array, pixels: number, bytesPerSample: number, where: string): Uint8Array {
  const bounds = segmentBounds(fragment, pixels, bytesPerSample, where);
  const out = new Uint8Array(pixels * bytesPerSample);
  for (let s = 0; s < bounds.length; s++) {
    const [start, end] = bounds[s];
    // Segment s carries byte (bytesPerSample - 1 - s) of each little-endian sample.
    const byte = bytesPerSample - 1 - s;
    let p = start;
    let n = 0;
    while (n < pixels && p < end) {
      const h = (fragment[p++] << 24) >> 24; // signed header byte
      if (h >= 0) {
        for (let i = 0; i <= h && n < pixels; i++) out[n++ * bytesPerSample + byte] = fragment[p++];
      } else if (h !== -128) {
        const v = fragment[p++];
        for (let i = 0; i < 1 - h && n < pixels; i++) out[n++ * bytesPerSample + byte] = v;
      }
    }
    if (n < pixels) throw corrupt(where, `RLE segment ${s + 1} decodes to ${n} of ${pixels} pixels`);
  }
  return out;
}

function corrupt(where: string, message: string): RadiomicsError {
  return new RadiomicsError('CorruptFile', `${where}: ${message}`, { file: where });
}
