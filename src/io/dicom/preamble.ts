/**
 * The DICOM Part 10 file check on its own, apart from the parser (parse.ts, which loads dicom-parser): a
 * reader that only routes files by format (src/node.ts) tells DICOM from the rest without loading it.
 */

/** True when the bytes carry the Part 10 preamble magic "DICM" at offset 128. */
export function isDicom(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}
