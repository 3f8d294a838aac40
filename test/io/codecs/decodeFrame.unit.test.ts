/**
 * decodeFrame on codestreams that are not what they claim: every family gives a typed error naming the
 * frame (never a crash, a hang or a wrong-sized result), and a syntax without a codec is
 * UnsupportedTransferSyntax.
 */
import { describe, expect, test } from 'vitest';
import { CODEC_TRANSFER_SYNTAXES, createCodecLoader, decodeFrame, isRadiomicsError } from '../../../src/index.js';

const spec = { rows: 5, columns: 6, bitsAllocated: 16, bitsStored: 16, signed: false, where: 'x.dcm frame 3' };
/** Bytes that start like each family's codestream, then noise (a fixed pseudo-random sequence). */
const noise = (head: readonly number[]) => Uint8Array.from({ length: 256 }, (_, i) => (i < head.length ? head[i] : (i * 97 + 31) & 0xff));

describe('decodeFrame on corrupt codestreams', () => {
  const loader = createCodecLoader();
  test.each(Object.entries(CODEC_TRANSFER_SYNTAXES))('%s (%o): CorruptFile or UnsupportedTransferSyntax naming the frame', async (uid, syntax) => {
    const head = syntax.family === 'jpeg2000' || syntax.family === 'htj2k' ? [0xff, 0x4f, 0xff, 0x51] : [0xff, 0xd8];
    let error: unknown = null;
    try {
      await decodeFrame(uid, noise(head), spec, loader);
    } catch (e) {
      error = e;
    }
    expect(isRadiomicsError(error, 'CorruptFile') || isRadiomicsError(error, 'UnsupportedTransferSyntax')).toBe(true);
    expect((error as Error).message).toContain('x.dcm frame 3');
  });

  test('an empty codestream is CorruptFile', async () => {
    await expect(decodeFrame('1.2.840.10008.1.2.4.80', new Uint8Array(0), spec, loader)).rejects.toThrow(/x\.dcm frame 3/);
  });

  test('a syntax no codec decodes is UnsupportedTransferSyntax', async () => {
    await expect(decodeFrame('1.2.840.10008.1.2.4.100', new Uint8Array(4), spec, loader)).rejects.toMatchObject({ code: 'UnsupportedTransferSyntax' });
  });
});
