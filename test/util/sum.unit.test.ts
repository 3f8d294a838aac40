import { expect, test } from 'vitest';
import { CompensatedSum } from '../../src/util/sum.js';

test('CompensatedSum adds 1 + 1e100 + 1 - 1e100 to 2 (a naive sum gives 0)', () => {
  const s = new CompensatedSum();
  for (const x of [1, 1e100, 1, -1e100]) s.add(x);
  expect(s.value).toBe(2);
});

test('CompensatedSum of 0.1 ten million times is within 1 ulp of 1e6', () => {
  const s = new CompensatedSum();
  for (let i = 0; i < 1e7; i++) s.add(0.1);
  expect(Math.abs(s.value - 1e6)).toBeLessThan(1e-9);
});
