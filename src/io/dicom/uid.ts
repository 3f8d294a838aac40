/**
 * DICOM UIDs derived from text: "2.25." + the decimal value of a UUID (PS3.5 B.2), the UUID being version 8
 * (RFC 9562, custom) built from the first 128 bits of SHA-256 of the text, with the version and variant
 * bits set. The same text always gives the same UID, so documents derived from the same inputs get the
 * same UIDs (idempotent storage); distinct texts collide with probability ~2^-122.
 */
import { sha256Hex } from '../../util/sha256.js';

export function uidFromText(text: string): string {
  const hex = sha256Hex(new TextEncoder().encode(text)).slice(0, 32);
  const bytes = Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
  bytes[6] = (bytes[6] & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant 10
  const value = bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
  return `2.25.${value.toString()}`;
}
