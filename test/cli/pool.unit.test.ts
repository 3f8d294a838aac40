/** runsOfOneImage: how runPool hands cases to its workers (runs of one image, split across the jobs). */
import { describe, expect, test } from 'vitest';
import type { ManifestCase } from '../../src/cli/manifest.js';
import { runsOfOneImage } from '../../src/cli/pool.js';

const cases = (images: string): ManifestCase[] => [...images].map((image, i) => ({ key: `c${i}`, id: `c${i}`, image, mask: 'm', label: 1, extra: {} }));

describe('runsOfOneImage', () => {
  test('distinct images: one case per chunk, in manifest order', () => {
    expect(runsOfOneImage(cases('abcd'), 2)).toEqual([[0], [1], [2], [3]]);
  });

  test('consecutive rows of one image stay together, split into at most `jobs` near-equal chunks', () => {
    expect(runsOfOneImage(cases('aaabbc'), 1)).toEqual([[0, 1, 2], [3, 4], [5]]);
    expect(runsOfOneImage(cases('aaabbc'), 2)).toEqual([[0, 1], [2], [3], [4], [5]]);
    expect(runsOfOneImage(cases('aaaaaaa'), 3)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  test('rows of one image that are not consecutive are separate runs; every case appears once', () => {
    const chunks = runsOfOneImage(cases('abab'), 2);
    expect(chunks).toEqual([[0], [1], [2], [3]]);
    expect(runsOfOneImage(cases(''), 2)).toEqual([]);
  });
});
