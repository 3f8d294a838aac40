/** ScanScheduler: the order in which runPool's workers take cases (runs of one scan kept on one worker). */
import { describe, expect, test } from 'vitest';
import { ScanScheduler } from '../../src/cli/pool.js';

/** Cases each worker gets when workers ask in turn (0, 1, ..., 0, 1, ...) until all are done. */
function schedule(images: string, workers: number): number[][] {
  const s = new ScanScheduler([...images]);
  const got: number[][] = Array.from({ length: workers }, () => []);
  const done = new Set<number>();
  for (let w = 0; done.size < workers; w = (w + 1) % workers) {
    if (done.has(w)) continue;
    const i = s.next(w);
    if (i === null) done.add(w);
    else got[w].push(i);
  }
  return got;
}

describe('ScanScheduler', () => {
  test('one case per scan: manifest order, one case at a time', () => {
    expect(schedule('abcde', 2)).toEqual([[0, 2, 4], [1, 3]]);
    expect(schedule('abc', 1)).toEqual([[0, 1, 2]]);
  });

  test('a worker keeps to its scan\'s run; a free worker starts the next run nobody has started', () => {
    expect(schedule('aaabbbcc', 2)).toEqual([[0, 1, 2, 6], [3, 4, 5, 7]]);
    // Runs a, b, c, d of 4, 9, 1 and 1 cases: worker 0 does a, then starts c and d while worker 1 is on b.
    expect(schedule('aaaabbbbbbbbbcd', 2)[0].slice(0, 6)).toEqual([0, 1, 2, 3, 13, 14]);
  });

  test('with no run left to start, a free worker takes the later half of the longest run left', () => {
    // One scan with 8 ROIs: worker 1 splits off [5, 8); at the end it takes the last case of worker 0's
    // half rather than wait (one more read of the scan, no idle worker).
    expect(schedule('aaaaaaaa', 2)).toEqual([[0, 1, 2, 3], [5, 6, 7, 4]]);
    expect(schedule('aaaaaaaaaa', 3)).toEqual([[0, 1, 2, 9], [6, 7, 8], [4, 5, 3]]);
  });

  test('every case is given exactly once, for any number of workers', () => {
    for (const images of ['', 'a', 'aab', 'abba', 'aaaabbbbbbbbbcd', 'abcabcabc']) {
      for (let workers = 1; workers <= 4; workers++) {
        const all = schedule(images, workers).flat().sort((p, q) => p - q);
        expect(all).toEqual([...images].map((_, i) => i));
      }
    }
  });
});
