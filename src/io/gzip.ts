import { Gunzip, gzipSync } from 'fflate';
import { RadiomicsError, describeThrown } from '../errors.js';
import { concatBytes } from './bytes.js';

/**
 * gzip (RFC 1952) detection and synchronous inflation with fflate. Bytes in, bytes out: no file system.
 * Corrupt or truncated streams become RadiomicsError 'CorruptFile' with fflate's error as `cause`.
 */

/** Smallest possible gzip member: 10-byte header, an empty deflate block (2 bytes) and the 8-byte trailer. */
const MIN_GZIP_BYTES = 20;

/** DEFLATE's largest expansion: a 258-byte match per ~2 bits, ~1032 output bytes per input byte. */
const MAX_DEFLATE_RATIO = 1032;

/** True when `bytes` starts with the gzip magic 1f 8b (RFC 1952, ID1 ID2). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates a gzip stream, single or multi-member (bgzip, concatenated files). Uses fflate's streaming
 * Gunzip, whose buffer grows with the data actually inflated: gunzipSync would preallocate the trailer's
 * ISIZE, which a truncated file turns into random bytes (up to 4 GiB). Checks the last member's inflated
 * length against its ISIZE (RFC 1952: length mod 2^32), which also catches a cut trailer.
 */
export function gunzip(bytes: Uint8Array, options: { readonly maxBytes?: number } = {}): Uint8Array {
  const maxBytes = options.maxBytes ?? Infinity;
  checkMinimumLength(bytes);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let lastMemberStart = 0;
  try {
    const stream = new Gunzip((chunk) => {
      if (chunk.length > 0) chunks.push(chunk);
      total += chunk.length;
      // Stops a stream that inflates past what the caller can use (a "zip bomb") as soon as it does.
      if (total > maxBytes) throw new RadiomicsError('CorruptFile', `gzip stream inflates to more than the ${maxBytes} bytes the header allows`, { maxBytes });
    });
    // Called (synchronously, before inflating) at the start of each member after the first.
    stream.onmember = () => {
      lastMemberStart = total;
    };
    // With a bound, input goes in pieces small enough that one piece cannot inflate far past it
    // (DEFLATE expands a byte to at most ~1032), so the check in ondata fires early.
    const piece = Number.isFinite(maxBytes) ? Math.min(2 ** 20, Math.max(4096, Math.floor(maxBytes / MAX_DEFLATE_RATIO))) : bytes.length;
    for (let at = 0; at < bytes.length; at += piece) stream.push(bytes.subarray(at, at + piece), at + piece >= bytes.length);
  } catch (cause) {
    if (cause instanceof RadiomicsError) throw cause;
    const reason = describeThrown(cause);
    throw new RadiomicsError('CorruptFile', `truncated or corrupt gzip stream: ${reason}`, { reason }, { cause });
  }
  const n = bytes.length;
  const isize = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
  const last = total - lastMemberStart;
  if (last % 2 ** 32 !== isize) {
    throw new RadiomicsError('CorruptFile', `truncated or corrupt gzip stream: the trailer says ${isize} bytes (mod 2^32) but the data inflate to ${last}`, { isize, inflated: last });
  }
  return chunks.length === 0 ? new Uint8Array(0) : concatBytes(chunks);
}

/**
 * The first `n` inflated bytes of a gzip stream (fewer when the stream is shorter), inflating no more of
 * it than it takes: input is fed 4 KiB at a time and inflation stops once `n` bytes are out. Lets a
 * reader read its header and bound the whole inflation (gunzip's maxBytes) before inflating the rest.
 */
export function gunzipPrefix(bytes: Uint8Array, n: number): Uint8Array {
  checkMinimumLength(bytes);
  const out = new Uint8Array(n);
  let total = 0;
  const enough = { enough: true };
  try {
    const stream = new Gunzip((chunk) => {
      const take = Math.min(chunk.length, n - total);
      out.set(chunk.subarray(0, take), total);
      total += take;
      if (total >= n) throw enough;
    });
    for (let at = 0; at < bytes.length; at += 4096) stream.push(bytes.subarray(at, at + 4096), at + 4096 >= bytes.length);
  } catch (cause) {
    if (cause !== enough) {
      const reason = describeThrown(cause);
      throw new RadiomicsError('CorruptFile', `truncated or corrupt gzip stream: ${reason}`, { reason }, { cause });
    }
  }
  return out.subarray(0, total);
}

function checkMinimumLength(bytes: Uint8Array): void {
  if (bytes.length < MIN_GZIP_BYTES) {
    throw new RadiomicsError('CorruptFile', `truncated gzip stream: ${bytes.length} bytes, a gzip file has at least ${MIN_GZIP_BYTES}`, { bytes: bytes.length });
  }
}

/** Compresses with gzip (fflate level 6, its default: a good size/speed balance for voxel data). */
export function gzip(bytes: Uint8Array): Uint8Array {
  return gzipSync(bytes, { level: 6 });
}
