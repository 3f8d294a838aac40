import { describe, expect, test } from 'vitest';
import { csvNumber, formatCsv, parseCsv } from '../../src/util/csv.js';

describe('parseCsv (RFC 4180)', () => {
  test('parseCsv("a,b\\n1,2\\n") gives header and one row', () => {
    expect(parseCsv('a,b\n1,2\n')).toEqual({ header: ['a', 'b'], rows: [['1', '2']] });
  });
  test('CRLF line ends, no trailing line break, a byte-order mark', () => {
    expect(parseCsv('\ufeffa,b\r\n1,2\r\n3,4')).toEqual({ header: ['a', 'b'], rows: [['1', '2'], ['3', '4']] });
  });
  test('quoted fields hold commas, doubled quotes and line breaks', () => {
    const t = parseCsv('id,note\n"x,1","say ""hi""\nthere"\n');
    expect(t.rows).toEqual([['x,1', 'say "hi"\nthere']]);
  });
  test('empty fields and an empty quoted field', () => {
    expect(parseCsv('a,b,c\n,"",3\n').rows).toEqual([['', '', '3']]);
  });
  test('a record with the wrong field count names its record number', () => {
    expect(() => parseCsv('a,b\n1,2,3\n', 'f.csv')).toThrow(/f\.csv: line 2 has 3 cells but the header has 2/);
  });
  test('an unterminated quote and a stray quote are errors', () => {
    expect(() => parseCsv('a\n"x\n')).toThrow(/unterminated/);
    expect(() => parseCsv('a\nx"y\n')).toThrow(/quote inside an unquoted field/);
  });
  test('formatCsv round-trips through parseCsv', () => {
    const header = ['id', 'text'];
    const rows = [['1', 'a,b'], ['2', 'he said "no"'], ['3', 'two\nlines']];
    expect(parseCsv(formatCsv({ header, rows }))).toEqual({ header, rows });
  });
  test('csvNumber: "" and NA are missing (null), "1e-3" is 0.001, "abc" is not numeric (undefined)', () => {
    expect(csvNumber('')).toBeNull();
    expect(csvNumber('NA')).toBeNull();
    expect(csvNumber('1e-3')).toBe(0.001);
    expect(csvNumber('abc')).toBeUndefined();
  });
});
