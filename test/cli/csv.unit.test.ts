import { describe, expect, test } from 'vitest';
import { formatCsv, isRadiomicsError } from '../../src/index.js';
import { assembleCsv, csvLine, parseCsv, tableRows } from '../../src/cli/csv.js';
import { shardOf } from '../../src/cli/batch.js';

describe('parseCsv', () => {
  test('parseCsv reads quoted cells with commas, doubled quotes, line breaks, CRLF and a missing final newline', () => {
    const t = parseCsv('id,note\r\na,"x, ""y"""\r\nb,"two\nlines"', 'f.csv');
    expect(t).toEqual({ header: ['id', 'note'], rows: [['a', 'x, "y"'], ['b', 'two\nlines']] });
  });

  test('parseCsv then formatCsv gives the same bytes', () => {
    const text = 'id,a,b\nx,"1,5",\n"y""",2,"3\n4"\n';
    expect(formatCsv(parseCsv(text, 'f.csv'))).toBe(text);
  });

  test('a row with the wrong number of cells is InvalidManifest naming the line', () => {
    try {
      parseCsv('id,a\nx,1\ny\n', 'm.csv');
      expect.unreachable();
    } catch (e) {
      expect(isRadiomicsError(e, 'InvalidManifest')).toBe(true);
      expect((e as Error).message).toBe('m.csv: line 3 has 1 cells but the header has 2');
    }
  });
});

describe('assembleCsv', () => {
  test('assembleCsv(rows) takes the union of headers in first-seen order and leaves missing cells empty', () => {
    const a = tableRows(parseCsv('id,error_code,f1,f2\np,,1,2\n', 'a'), (c) => c[0]);
    const b = tableRows(parseCsv('id,error_code\nq,CorruptFile\n', 'b'), (c) => c[0]);
    expect(assembleCsv([...b, ...a])).toBe('id,error_code,f1,f2\nq,CorruptFile,,\np,,1,2\n');
    expect(csvLine(['a,b', 'c'])).toBe('"a,b",c');
  });
});

describe('shardOf', () => {
  test('shardOf(cases, "K/N") takes every N-th case from the K-th; the shards partition the cases', () => {
    const xs = [0, 1, 2, 3, 4, 5, 6];
    expect(shardOf(xs, '1/3')).toEqual([0, 3, 6]);
    expect(shardOf(xs, '3/3')).toEqual([2, 5]);
    expect([1, 2, 3].flatMap((k) => shardOf(xs, `${k}/3`)).sort()).toEqual(xs);
    for (const bad of ['0/3', '4/3', '1/0', '1-3', 'a/b']) expect(() => shardOf(xs, bad)).toThrow(/--shard must be K\/N/);
  });
});
