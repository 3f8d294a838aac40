/**
 * A catalogue of one row for test/fuzz/isolated.test.ts: reading the fixture "fine" returns at once;
 * reading "hangs" never returns (a synchronous loop, like a codec spinning on a hostile codestream).
 */
import type { FuzzRow } from './catalogue.js';

export function catalogue(): FuzzRow[] {
  return [
    {
      name: 'one fixture hangs',
      fixtures: [
        { name: 'fine', bytes: () => Uint8Array.of(1) },
        { name: 'hangs', bytes: () => Uint8Array.of(2) },
      ],
      mutators: [{ name: 'none', apply: (bytes) => bytes }],
      read: (_bytes, file) => {
        if (file === 'hangs') for (;;);
        return { ok: true };
      },
      plausible: () => null,
    },
  ];
}
