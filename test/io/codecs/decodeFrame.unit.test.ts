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

describe('the codestream header is checked before any codec loads (src/io/codecs/frameHeader.ts)', () => {
  /** A JPEG-LS frame header: SOI, SOF55 (Lf 11, P 16, Y, X, Nf 1, one component spec), then noise. */
  const jpegLs = (rows: number, columns: number, components = 1) => noise([0xff, 0xd8, 0xff, 0xf7, 0, 8 + 3 * components, 16, rows >> 8, rows & 0xff, columns >> 8, columns & 0xff, components, 1, 0x11, 0]);
  /** A JPEG 2000 SIZ: SOC, SIZ with Xsiz, Ysiz and offsets, Csiz. */
  const j2k = (rows: number, columns: number, offset = 0, components = 1) => {
    const b = noise([]);
    const dv = new DataView(b.buffer);
    dv.setUint16(0, 0xff4f);
    dv.setUint16(2, 0xff51);
    dv.setUint16(4, 38 + 3 * components);
    dv.setUint16(6, 0);
    dv.setUint32(8, columns + offset);
    dv.setUint32(12, rows + offset);
    dv.setUint32(16, offset);
    dv.setUint32(20, offset);
    dv.setUint16(40, components);
    return b;
  };

  test.each([
    ['JPEG-LS declaring 65535 x 65535', '1.2.840.10008.1.2.4.80', jpegLs(65535, 65535), /declares 65535 x 65535 with 1 component\(s\); the DICOM header says 6 x 5 with 1/],
    ['JPEG-LS with 3 components', '1.2.840.10008.1.2.4.80', jpegLs(5, 6, 3), /declares 6 x 5 with 3 component\(s\)/],
    ['JPEG 2000 declaring 7 x 5 (image offset 100 counted out)', '1.2.840.10008.1.2.4.90', j2k(5, 7, 100), /declares 7 x 5 with 1 component/],
    ['HTJ2K declaring 6 x 4096', '1.2.840.10008.1.2.4.201', j2k(4096, 6), /declares 6 x 4096/],
    ['JPEG without a frame header before its scan', '1.2.840.10008.1.2.4.50', noise([0xff, 0xd8, 0xff, 0xda, 0, 2]), /without a readable frame header/],
  ])('%s: CorruptFile naming the frame, and no codec was loaded', async (_name, uid, codestream, message) => {
    const fresh = createCodecLoader();
    const error = await decodeFrame(uid, codestream, spec, fresh).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isRadiomicsError(error, 'CorruptFile')).toBe(true);
    expect((error as Error).message).toMatch(/^x\.dcm frame 3: /);
    expect((error as Error).message).toMatch(message);
    expect(fresh.loaded()).toEqual([]);
  });
});
