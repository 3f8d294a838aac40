import { describe, expect, test } from 'vitest';
import { createVolume, extract, extractMany, RadiomicsError, toCsv, type BatchCase } from '../src/index.js';

const image = createVolume({ data: Float32Array.from({ length: 64 }, (_, i) => (i * 7) % 11), shape: [4, 4, 4] });
const mask = { volume: createVolume({ data: Uint8Array.from({ length: 64 }, (_, i) => (i % 3 === 0 ? 1 : 0)), shape: [4, 4, 4] }), label: 1 };
const config = { families: ['stat', 'glcm'] } as const;

describe('extractMany', () => {
  test('extractMany(cases, config) gives outcomes in case order, equal to extract() per case', () => {
    const out = extractMany([{ id: 'a', image, mask }, { id: 'b', load: () => ({ image, mask }), extra: { site: 'x' } }], config);
    expect(out.map((o) => o.id)).toEqual(['a', 'b']);
    expect(out[0].result).toEqual(extract(image, mask, config));
    expect(out[1]).toMatchObject({ id: 'b', extra: { site: 'x' } });
    expect(out[1].result).toEqual(out[0].result);
  });

  test('a failing case (load throws, empty mask) is an outcome with its error; the others still run', () => {
    const cases: BatchCase[] = [
      { id: 'bad-file', load: () => { throw new RadiomicsError('CorruptFile', 'x.nii: truncated'); } },
      { id: 'empty', image, mask: { ...mask, label: 7 } },
      { id: 'bug', load: () => { throw new TypeError('boom'); } },
      { id: 'ok', image, mask },
    ];
    const out = extractMany(cases, config);
    expect(out.map((o) => o.error?.code ?? 'ok')).toEqual(['CorruptFile', 'EmptyMask', 'InternalError', 'ok']);
    expect(out[0].error?.message).toBe('x.nii: truncated');
    expect(out[2].error?.message).toBe('boom');
  });

  test('onProgress(done, total, outcome) is called once per case, in order', () => {
    const calls: [number, number, string][] = [];
    extractMany([{ id: 'a', image, mask }, { id: 'b', image, mask: { ...mask, label: 9 } }], config, { onProgress: (d, t, o) => calls.push([d, t, o.id]) });
    expect(calls).toEqual([[1, 2, 'a'], [2, 2, 'b']]);
  });

  test('an invalid config throws before any case runs', () => {
    let loaded = false;
    expect(() => extractMany([{ id: 'a', load: () => ((loaded = true), { image, mask }) }], { famlies: [] } as never)).toThrow(RadiomicsError);
    expect(loaded).toBe(false);
  });

  test('toCsv(outcomes) writes error_code and error_message columns and empty feature cells for failures', () => {
    const out = extractMany([{ id: 'ok', image, mask }, { id: 'bad', image, mask: { ...mask, label: 9 } }], { families: ['stat'] });
    const lines = toCsv(out).trim().split('\n');
    expect(lines[0].startsWith('id,error_code,error_message,stat.mean,')).toBe(true);
    expect(lines[1].startsWith('ok,,,')).toBe(true);
    expect(lines[2]).toMatch(/^bad,EmptyMask,mask: no voxel has label 9,+$/);
  });
});
