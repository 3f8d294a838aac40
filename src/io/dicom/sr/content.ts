/**
 * SR content items as data (PS3.3 C.17.3 SR Document Content Module), and their two encodings: to the
 * writer's data set records (encodeContentItem) and back from dicom-parser data sets (decodeContentItem).
 * A content item is its relationship to its parent (none for the root), its concept name, its value
 * (one field per value type) and its children; the templates in write.ts build trees of these.
 *
 * NUM values carry both encodings the standard allows (PS3.3 table C.18.1-1, Numeric Measurement Macro):
 * Numeric Value (0040,A30A, DS: at most 16 characters, so rounded) and Floating Point Value (0040,A161,
 * FD: the double itself), so the value round-trips exactly. An undefined value (null) is an empty
 * Measured Value Sequence with a Numeric Value Qualifier (0040,A301) "Not a number" (CID 42).
 */
import { RadiomicsError } from '../../../errors.js';
import { item, items, text, ushort, type DataSet } from '../parse.js';
import { ds as decimalString, type DataSetSpec } from '../writer.js';
import { DCM, type SrCode } from './codes.js';
import type { SrInstanceRef } from './sources.js';

export type SrRelationship = 'CONTAINS' | 'HAS OBS CONTEXT' | 'HAS CONCEPT MOD' | 'HAS PROPERTIES' | 'HAS ACQ CONTEXT' | 'INFERRED FROM' | 'SELECTED FROM';

interface ItemBase {
  /** Relationship Type (0040,A010) to the parent; null for the root. */
  readonly relationship: SrRelationship | null;
  /** Concept Name Code Sequence (0040,A043); null where the template gives none (image library entries). */
  readonly concept: SrCode | null;
  readonly children: readonly SrContentItem[];
}

export type SrContentItem =
  | (ItemBase & { readonly valueType: 'CONTAINER'; readonly template: string | null })
  | (ItemBase & { readonly valueType: 'TEXT'; readonly text: string })
  | (ItemBase & { readonly valueType: 'CODE'; readonly code: SrCode })
  | (ItemBase & { readonly valueType: 'UIDREF'; readonly uid: string })
  | (ItemBase & { readonly valueType: 'NUM'; readonly value: number | null; readonly unit: SrCode })
  | (ItemBase & { readonly valueType: 'IMAGE' | 'COMPOSITE'; readonly reference: SrInstanceRef; readonly segmentNumber: number | null })
  /** Read only: an item of a value type we do not write (DATE, PNAME, SCOORD, ...), kept with its children. */
  | (ItemBase & { readonly valueType: 'OTHER'; readonly storedValueType: string });

const T = {
  codeValue: 'x00080100',
  codingScheme: 'x00080102',
  codeMeaning: 'x00080104',
  longCodeValue: 'x00080119',
  referencedSopClass: 'x00081150',
  referencedSopInstance: 'x00081155',
  referencedSop: 'x00081199',
  referencedSegmentNumber: 'x0062000b',
  relationship: 'x0040a010',
  valueType: 'x0040a040',
  conceptName: 'x0040a043',
  continuity: 'x0040a050',
  textValue: 'x0040a160',
  floatingPointValue: 'x0040a161',
  conceptCode: 'x0040a168',
  uid: 'x0040a124',
  measuredValue: 'x0040a300',
  numericQualifier: 'x0040a301',
  numericValue: 'x0040a30a',
  units: 'x004008ea',
  contentTemplate: 'x0040a504',
  templateId: 'x0040db00',
  content: 'x0040a730',
} as const;

/** Code Sequence Macro item; a code value over 16 characters goes to Long Code Value (0008,0119). */
export function encodeCode(c: SrCode): DataSetSpec {
  return c.value.length <= 16
    ? { '00080100': ['SH', c.value], '00080102': ['SH', c.scheme], '00080104': ['LO', c.meaning] }
    : { '00080119': ['UC', c.value], '00080102': ['SH', c.scheme], '00080104': ['LO', c.meaning] };
}

/** The attributes of one content item (its children nested in the Content Sequence). */
export function encodeContentItem(node: SrContentItem): Record<string, DataSetSpec[string]> {
  const out: Record<string, DataSetSpec[string]> = { '0040a040': ['CS', node.valueType] };
  if (node.relationship !== null) out['0040a010'] = ['CS', node.relationship];
  if (node.concept !== null) out['0040a043'] = ['SQ', [encodeCode(node.concept)]];
  switch (node.valueType) {
    case 'CONTAINER':
      out['0040a050'] = ['CS', 'SEPARATE'];
      if (node.template !== null) out['0040a504'] = ['SQ', [{ '00080105': ['CS', 'DCMR'], '0040db00': ['CS', node.template] }]];
      break;
    case 'TEXT':
      out['0040a160'] = ['UT', node.text];
      break;
    case 'CODE':
      out['0040a168'] = ['SQ', [encodeCode(node.code)]];
      break;
    case 'UIDREF':
      out['0040a124'] = ['UI', node.uid];
      break;
    case 'NUM':
      if (node.value === null || !Number.isFinite(node.value)) {
        out['0040a300'] = ['SQ', []];
        out['0040a301'] = ['SQ', [encodeCode(DCM.notANumber)]];
      } else {
        out['0040a300'] = ['SQ', [{ '004008ea': ['SQ', [encodeCode(node.unit)]], '0040a30a': ['DS', decimalString(node.value)], '0040a161': ['FD', node.value] }]];
      }
      break;
    case 'OTHER':
      throw new RadiomicsError('InvalidArgument', `content item of value type ${node.storedValueType} cannot be written`, {});
    case 'IMAGE':
    case 'COMPOSITE': {
      const ref: Record<string, DataSetSpec[string]> = { '00081150': ['UI', node.reference.sopClassUid], '00081155': ['UI', node.reference.sopInstanceUid] };
      if (node.segmentNumber !== null) ref['0062000b'] = ['US', node.segmentNumber];
      out['00081199'] = ['SQ', [ref]];
      break;
    }
  }
  if (node.children.length > 0) out['0040a730'] = ['SQ', node.children.map(encodeContentItem)];
  return out;
}

export function decodeCode(d: DataSet, utf8 = false): SrCode {
  return { value: text(d, T.codeValue) ?? text(d, T.longCodeValue) ?? '', scheme: text(d, T.codingScheme) ?? '', meaning: textValue(d, T.codeMeaning, utf8) };
}

/** A text value without its padding, decoded as UTF-8 when the document says ISO_IR 192, else as ISO 8859-1. */
function textValue(d: DataSet, key: string, utf8: boolean): string {
  const el = d.elements[key];
  if (el === undefined || el.length === 0) return '';
  const raw = d.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
  const s = utf8 ? new TextDecoder('utf-8').decode(raw) : Array.from(raw, (b) => String.fromCharCode(b)).join('');
  return s.replace(/[\0 ]+$/, '');
}

/**
 * Reads a content item and its children back; `file` names the SR in errors; `utf8`: the document's
 * Specific Character Set is ISO_IR 192 (text and code meanings are then UTF-8).
 */
export function decodeContentItem(d: DataSet, file: string, root = false, utf8 = false): SrContentItem {
  const valueType = text(d, T.valueType);
  const relationship = root ? null : ((text(d, T.relationship) as SrRelationship | null) ?? null);
  const conceptItem = item(d, T.conceptName);
  const concept = conceptItem === null ? null : decodeCode(conceptItem, utf8);
  const children = items(d, T.content).map((c) => decodeContentItem(c, file, false, utf8));
  const base = { relationship, concept, children };
  const bad = (what: string) => new RadiomicsError('CorruptFile', `${file}: ${valueType ?? 'content'} item ${concept === null ? '' : `"${concept.meaning}" `}${what}`, { file });
  switch (valueType) {
    case 'CONTAINER': {
      const t = item(d, T.contentTemplate);
      return { ...base, valueType, template: t === null ? null : text(t, T.templateId) };
    }
    case 'TEXT':
      return { ...base, valueType, text: textValue(d, T.textValue, utf8) };
    case 'CODE': {
      const c = item(d, T.conceptCode);
      if (c === null) throw bad('has no Concept Code Sequence');
      return { ...base, valueType, code: decodeCode(c, utf8) };
    }
    case 'UIDREF':
      return { ...base, valueType, uid: text(d, T.uid)?.replace(/\0+$/, '') ?? '' };
    case 'NUM': {
      const mv = item(d, T.measuredValue);
      if (mv === null) return { ...base, valueType, value: null, unit: { value: '', scheme: '', meaning: '' } };
      const unitItem = item(mv, T.units);
      const fd = mv.elements[T.floatingPointValue];
      const value = fd !== undefined && fd.length >= 8 ? mv.double(T.floatingPointValue) : Number(text(mv, T.numericValue));
      if (value === undefined || !Number.isFinite(value)) throw bad('has no readable numeric value');
      return { ...base, valueType, value, unit: unitItem === null ? { value: '', scheme: '', meaning: '' } : decodeCode(unitItem, utf8) };
    }
    case 'IMAGE':
    case 'COMPOSITE': {
      const ref = item(d, T.referencedSop);
      if (ref === null) throw bad('has no Referenced SOP Sequence');
      const uid = (k: string) => text(ref, k)?.replace(/\0+$/, '') ?? '';
      return { ...base, valueType, reference: { sopClassUid: uid(T.referencedSopClass), sopInstanceUid: uid(T.referencedSopInstance) }, segmentNumber: ushort(ref, T.referencedSegmentNumber) };
    }
    default:
      if (valueType === null) throw bad('has no Value Type');
      return { ...base, valueType: 'OTHER', storedValueType: valueType };
  }
}
