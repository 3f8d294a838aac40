/**
 * multipart/related parsing and building (RFC 2046 section 5.1.1): boundaries from the Content-Type
 * (quoted or not), preamble and epilogue, transport padding, CRLF rules, binary parts holding CR/LF and
 * dashes, and typed errors for every malformed or truncated body.
 */
import { describe, expect, test } from 'vitest';
import { buildMultipart, parseMediaType, parseMultipart } from '../../../src/io/dicomweb/multipart.js';
import { isRadiomicsError } from '../../../src/errors.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const URL_ = 'http://127.0.0.1:1/dicom-web/x';

function expectResponseError(f: () => unknown, pattern: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(isRadiomicsError(e, 'DicomwebResponseError')).toBe(true);
    expect((e as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a DicomwebResponseError');
}

describe('parseMediaType', () => {
  test('parseMediaType(\'multipart/related; type="application/dicom"; boundary="a b;c"\')', () => {
    expect(parseMediaType('Multipart/Related; type="application/dicom"; BOUNDARY="a b;c"')).toEqual({ type: 'multipart/related', parameters: { type: 'application/dicom', boundary: 'a b;c' } });
  });
  test('quoted-pair escapes and unquoted values', () => {
    expect(parseMediaType('multipart/related;boundary=abc ; x="q\\"t"').parameters).toEqual({ boundary: 'abc', x: 'q"t' });
  });
});

describe('parseMultipart', () => {
  test('two parts, boundary at the start, epilogue ignored', () => {
    const body = enc('--b1\r\nContent-Type: application/dicom\r\n\r\nAAA\r\n--b1\r\nContent-Type: application/dicom\r\nX-Extra: 1\r\n\r\nBB\r\n--b1--\r\nepilogue --b1\r\n');
    const parts = parseMultipart(body, 'multipart/related; type="application/dicom"; boundary=b1', URL_);
    expect(parts.map((p) => dec(p.body))).toEqual(['AAA', 'BB']);
    expect(parts[1].headers).toEqual({ 'content-type': 'application/dicom', 'x-extra': '1' });
  });
  test('preamble before the first delimiter, quoted boundary, transport padding after boundaries', () => {
    const body = enc('this is a preamble\r\n--"odd"  \r\n\r\nX\r\n--"odd"--');
    expect(parseMultipart(body, 'multipart/related; boundary="\\"odd\\""', URL_).map((p) => dec(p.body))).toEqual(['X']);
  });
  test('binary part bodies keep CR, LF, dashes and a near-boundary', () => {
    const data = enc('\r\n--b\r\n-\n--b1x\r\n--b2\n');
    const body = new Uint8Array([...enc('--b1\r\n\r\n'), ...data, ...enc('\r\n--b1--')]);
    const [part] = parseMultipart(body, 'multipart/related; boundary=b1', URL_);
    expect(Array.from(part.body)).toEqual(Array.from(data));
    expect(part.contentType).toBe('');
  });
  test('header lines ending in a bare LF are read', () => {
    const parts = parseMultipart(enc('--b\nContent-Type: application/dicom\n\nZ\r\n--b--'), 'multipart/related; boundary=b', URL_);
    expect(parts.map((p) => [p.contentType, dec(p.body)])).toEqual([['application/dicom', 'Z']]);
  });
  test('an empty body part', () => {
    expect(parseMultipart(enc('--b\r\nA: 1\r\n\r\n\r\n--b--'), 'multipart/related; boundary=b', URL_).map((p) => p.body.length)).toEqual([0]);
  });
  test('a body that only closes holds no parts', () => {
    expect(parseMultipart(enc('--b--\r\n'), 'multipart/related; boundary=b', URL_)).toEqual([]);
  });
  test('a body truncated inside a part is DicomwebResponseError', () => {
    expectResponseError(() => parseMultipart(enc('--b\r\n\r\nAAA\r\n--b\r\n\r\nBBB'), 'multipart/related; boundary=b', URL_), /truncated in part 2/);
  });
  test('a body truncated in the headers is DicomwebResponseError', () => {
    expectResponseError(() => parseMultipart(enc('--b\r\nContent-Type: appl'), 'multipart/related; boundary=b', URL_), /truncated in the headers of part 1/);
  });
  test('a body cut right after a boundary is DicomwebResponseError', () => {
    expectResponseError(() => parseMultipart(enc('--b\r\n\r\nA\r\n--b'), 'multipart/related; boundary=b', URL_), /truncated or malformed after boundary 2/);
  });
  test('a body without the boundary is DicomwebResponseError', () => {
    expectResponseError(() => parseMultipart(enc('<html>proxy error</html>'), 'multipart/related; boundary=b', URL_), /no boundary "b"/);
  });
  test('a Content-Type that is not multipart, or without a boundary, is DicomwebResponseError', () => {
    expectResponseError(() => parseMultipart(enc('--b--'), 'text/html', URL_), /expected a multipart\/related body/);
    expectResponseError(() => parseMultipart(enc('--b--'), null, URL_), /expected a multipart\/related body/);
    expectResponseError(() => parseMultipart(enc('--b--'), 'multipart/related; type="application/dicom"', URL_), /without a valid boundary/);
  });
  test('a malformed header line is DicomwebResponseError', () => {
    expectResponseError(() => parseMultipart(enc('--b\r\nno colon here\r\n\r\nA\r\n--b--'), 'multipart/related; boundary=b', URL_), /malformed header line/);
  });
});

describe('buildMultipart', () => {
  test('buildMultipart(parts) parses back to the same parts', () => {
    const parts = [enc('first\r\n--x'), new Uint8Array([0, 13, 10, 45, 45, 255]), new Uint8Array(0)];
    const { body, contentType } = buildMultipart(parts, 'application/dicom', 'stow-boundary');
    expect(contentType).toBe('multipart/related; type="application/dicom"; boundary=stow-boundary');
    const back = parseMultipart(body, contentType, URL_);
    expect(back.map((p) => Array.from(p.body))).toEqual(parts.map((p) => Array.from(p)));
    expect(back.every((p) => p.contentType === 'application/dicom')).toBe(true);
  });
  test('a boundary that occurs in a part is refused', () => {
    expect(() => buildMultipart([enc('a\r\n--bd\r\n')], 'application/dicom', 'bd')).toThrow(/occurs in part 1/);
  });
});
