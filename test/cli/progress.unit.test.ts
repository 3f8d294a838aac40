import { describe, expect, test } from 'vitest';
import { formatDuration, Progress } from '../../src/cli/progress.js';

function stream(isTTY: boolean) {
  const out: string[] = [];
  return { out, s: { isTTY, columns: 100, write: (t: string) => out.push(t) } };
}

describe('Progress', () => {
  test('on a terminal: one bar redrawn in place with done/total, failures, rate and ETA, then a summary', () => {
    const { out, s } = stream(true);
    const p = new Progress(2, s);
    p.tick('a', null);
    p.tick('b', 'CorruptFile', 'x: truncated');
    p.finish('batch: 2 cases');
    const text = out.join('');
    expect(text).toMatch(/^\r\[#+\.*\] 1\/2 {2}.* {2}ETA /);
    expect(text).toMatch(/\r\[#+\] 2\/2, 1 failed {2}.*(cases\/s|s\/case) {2}ETA 0s\x1b\[K\nbatch: 2 cases in /);
  });

  test('not a terminal: one plain line per case, with the error of a failed one', () => {
    const { out, s } = stream(false);
    const p = new Progress(2, s);
    p.tick('a', null);
    p.tick('b', 'CorruptFile', 'x: truncated');
    expect(out[0]).toMatch(/^\[1\/2\] a ok \(.*, ETA .*\)\n$/);
    expect(out[1]).toMatch(/^\[2\/2\] b failed CorruptFile: x: truncated \(.*, ETA 0s\)\n$/);
  });

  test('formatDuration(s) reads as seconds, minutes or hours', () => {
    expect(formatDuration(4.24)).toBe('4.2s');
    expect(formatDuration(75)).toBe('1m15s');
    expect(formatDuration(3700)).toBe('1h01m');
  });
});
