/**
 * The SHA-256 of provenance in Node: node:crypto (OpenSSL, ~1-2 GB/s) instead of the portable one in
 * src/util/sha256.ts (~0.1-0.2 GB/s). The core imports it as `#digest`, a package import whose "node"
 * condition (package.json "imports") picks this file and whose default picks the portable one, so
 * `extract` imported from 'radiomics' in Node gets the fast digest with no option; the digest is the same.
 */
import { createHash } from 'node:crypto';

/** Rough cost of sha256Hex, ns per byte (~1-2 GB/s); extractParallel's cost model reads it. */
export const SHA256_NS_PER_BYTE = 0.8;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
