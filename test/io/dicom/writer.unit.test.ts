/**
 * The DICOM writer (src/io/dicom/writer.ts) on value representations the fixtures need, read back by an
 * independent parser (dicom-parser).
 */
import * as dicomParserModule from 'dicom-parser';
import { expect, test } from 'vitest';
import { writeDicom } from '../../../src/io/dicom/writer.js';

const dicomParser = (dicomParserModule as unknown as { default?: typeof dicomParserModule }).default ?? dicomParserModule;

test.each(['explicit', 'implicit', 'bigEndian'] as const)('writeDicom(AT values, %s): each tag as group then element, read back by dicom-parser', (transferSyntax) => {
  const bytes = writeDicom({ '00080016': ['UI', '1.2.3'], '00080018': ['UI', '1.2.3.4'], '00209165': ['AT', ['00209056', '7fe00010']], '00209167': ['AT', '00209111'] }, { transferSyntax });
  const d = dicomParser.parseDicom(bytes);
  const at = (tag: string, i = 0) => {
    const e = d.elements[tag];
    const u16 = (o: number) => (transferSyntax === 'bigEndian' ? (bytes[o] << 8) | bytes[o + 1] : bytes[o] | (bytes[o + 1] << 8));
    return [u16(e.dataOffset + 4 * i), u16(e.dataOffset + 4 * i + 2)].map((v) => v.toString(16).padStart(4, '0')).join('');
  };
  expect(d.elements.x00209165.length).toBe(8);
  expect([at('x00209165', 0), at('x00209165', 1), at('x00209167')]).toEqual(['00209056', '7fe00010', '00209111']);
  if (transferSyntax === 'explicit') expect(d.attributeTag('x00209167')).toBe('x00209111');
});
