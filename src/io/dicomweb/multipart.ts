/**
 * multipart/related bodies (RFC 2387 over the multipart syntax of RFC 2046 section 5.1.1), the one place
 * where DICOMweb bodies are split and built. WADO-RS answers a retrieve of instances or frames with one
 * part per instance or frame; STOW-RS posts one part per instance (DICOM PS3.18 section 8.6).
 *
 * The grammar, as parsed here:
 *   body        = [preamble CRLF] dash-boundary transport-padding CRLF part *(delimiter ...) close-delimiter ...
 *   delimiter   = CRLF "--" boundary          (the CRLF belongs to the delimiter, not to the part before it)
 *   close       = delimiter "--" [transport-padding] [CRLF epilogue]
 *   part        = *(header CRLF) CRLF octets
 * The first dash-boundary may open the body with no CRLF before it. Header lines may end in a bare LF (some
 * servers write them so); the delimiter itself must be CRLF "--" boundary, since part bodies are binary
 * and a bare LF followed by "--" could be data. A body without the close delimiter is truncated:
 * DicomwebResponseError, never a silently shortened list of parts.
 */
import { RadiomicsError } from '../../errors.js';
import { concatBytes } from '../bytes.js';

/** One part: its headers (names lower-cased), its Content-Type ('' when absent) and its bytes (a view into the body). */
export interface MultipartPart {
  readonly headers: Readonly<Record<string, string>>;
  readonly contentType: string;
  readonly body: Uint8Array;
}

/** A media type split into its type/subtype (lower case) and parameters (names lower case, values unquoted). */
export interface MediaType {
  readonly type: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/** Parses a Content-Type value (RFC 9110 section 8.3.1): quoted-string parameter values with backslash escapes. */
export function parseMediaType(value: string): MediaType {
  const semicolon = value.indexOf(';');
  const type = (semicolon < 0 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  const parameters: Record<string, string> = {};
  let i = semicolon < 0 ? value.length : semicolon + 1;
  while (i < value.length) {
    while (i < value.length && (value[i] === ' ' || value[i] === '\t' || value[i] === ';')) i++;
    const eq = value.indexOf('=', i);
    if (eq < 0) break;
    const name = value.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    let v = '';
    if (value[i] === '"') {
      i++;
      while (i < value.length && value[i] !== '"') {
        if (value[i] === '\\' && i + 1 < value.length) i++;
        v += value[i++];
      }
      i++; // the closing quote
      while (i < value.length && value[i] !== ';') i++;
    } else {
      const end = value.indexOf(';', i);
      v = (end < 0 ? value.slice(i) : value.slice(i, end)).trim();
      i = end < 0 ? value.length : end;
    }
    if (name !== '' && !(name in parameters)) parameters[name] = v;
  }
  return { type, parameters };
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder('latin1'); // header bytes are ASCII; latin1 maps every byte, never throws

function responseError(message: string, url: string, detail: Record<string, unknown> = {}): RadiomicsError {
  return new RadiomicsError('DicomwebResponseError', `${url}: ${message}`, { url, ...detail });
}

/** Index of `needle` in `hay` at or after `from`, or -1. */
function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = hay.length - needle.length;
  for (let i = hay.indexOf(first, from); i >= 0 && i <= last; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** Index just past the end of the line that starts at `i` (CRLF or bare LF), or -1 when the body ends first. */
function lineEnd(body: Uint8Array, i: number): number {
  const lf = body.indexOf(0x0a, i);
  return lf < 0 ? -1 : lf + 1;
}

/** The boundary of a multipart/related Content-Type; DicomwebResponseError when it is not multipart or has none. */
export function multipartBoundary(contentType: string | null, url: string): string {
  const media = parseMediaType(contentType ?? '');
  if (!media.type.startsWith('multipart/')) throw responseError(`expected a multipart/related body, got Content-Type "${contentType ?? ''}"`, url, { contentType });
  const boundary = media.parameters.boundary ?? '';
  // RFC 2046: 1 to 70 characters, the last not a space.
  if (boundary === '' || boundary.length > 70 || boundary.endsWith(' ')) throw responseError(`multipart Content-Type without a valid boundary: "${contentType}"`, url, { contentType });
  return boundary;
}

/**
 * Splits a multipart body into its parts. `contentType` is the response's Content-Type header (the boundary
 * comes from it); `url` names the response in errors.
 */
export function parseMultipart(body: Uint8Array, contentType: string | null, url: string): MultipartPart[] {
  const boundary = multipartBoundary(contentType, url);
  const dashBoundary = ENCODER.encode(`--${boundary}`);
  const delimiter = ENCODER.encode(`\r\n--${boundary}`);
  // The first boundary: at the very start, or after the preamble as a delimiter.
  let at: number;
  if (indexOfBytes(body.subarray(0, dashBoundary.length), dashBoundary, 0) === 0) at = dashBoundary.length;
  else {
    const d = indexOfBytes(body, delimiter, 0);
    if (d < 0) throw responseError(`multipart body has no boundary "${boundary}" (${body.length} bytes; truncated or not multipart)`, url, { bytes: body.length });
    at = d + delimiter.length;
  }
  const parts: MultipartPart[] = [];
  for (;;) {
    // After a boundary: "--" closes the body; otherwise transport padding then the line end.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts; // the epilogue after it is ignored
    const afterBoundary = lineEnd(body, at);
    if (afterBoundary < 0 || !isPadding(body, at, afterBoundary)) throw responseError(`multipart body is truncated or malformed after boundary ${parts.length + 1}`, url, { parts: parts.length, bytes: body.length });
    const { headers, bodyStart } = readHeaders(body, afterBoundary, url, parts.length);
    const end = indexOfBytes(body, delimiter, bodyStart);
    if (end < 0) throw responseError(`multipart body is truncated in part ${parts.length + 1} (no closing boundary; ${body.length} bytes received)`, url, { parts: parts.length, bytes: body.length });
    parts.push({ headers, contentType: headers['content-type'] ?? '', body: body.subarray(bodyStart, end) });
    at = end + delimiter.length;
  }
}

/** True when body[from, to) is transport padding (spaces, tabs) and the line end. */
function isPadding(body: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (body[i] !== 0x20 && body[i] !== 0x09 && body[i] !== 0x0d && body[i] !== 0x0a) return false;
  return true;
}

function readHeaders(body: Uint8Array, start: number, url: string, index: number): { headers: Record<string, string>; bodyStart: number } {
  const headers: Record<string, string> = {};
  let i = start;
  for (;;) {
    const next = lineEnd(body, i);
    if (next < 0) throw responseError(`multipart body is truncated in the headers of part ${index + 1}`, url, { parts: index, bytes: body.length });
    const line = DECODER.decode(body.subarray(i, next)).replace(/\r?\n$/, '');
    i = next;
    if (line === '') return { headers, bodyStart: i };
    const colon = line.indexOf(':');
    if (colon <= 0) throw responseError(`multipart part ${index + 1} has a malformed header line "${line.slice(0, 80)}"`, url, { parts: index });
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
}

/**
 * Builds a multipart/related body of `parts`, each of media type `partType` (STOW-RS: application/dicom).
 * The boundary must not occur in any part; the caller passes one made from data it controls, and this
 * checks it (InvalidArgument otherwise).
 */
export function buildMultipart(parts: readonly Uint8Array[], partType: string, boundary: string): { body: Uint8Array; contentType: string } {
  const delimiter = ENCODER.encode(`\r\n--${boundary}`);
  for (const [i, p] of parts.entries()) {
    if (indexOfBytes(p, delimiter, 0) >= 0) throw new RadiomicsError('InvalidArgument', `multipart boundary "${boundary}" occurs in part ${i + 1}`, { boundary });
  }
  const head = ENCODER.encode(`Content-Type: ${partType}\r\n\r\n`);
  const chunks: Uint8Array[] = [];
  for (const [i, p] of parts.entries()) chunks.push(ENCODER.encode(`${i === 0 ? '' : '\r\n'}--${boundary}\r\n`), head, p);
  chunks.push(ENCODER.encode(`\r\n--${boundary}--\r\n`));
  return { body: concatBytes(chunks), contentType: `multipart/related; type="${partType}"; boundary=${boundary}` };
}
