/**
 * What a DICOM SR needs from its inputs (SrSources), and srSourcesFromDicom, which reads it from the bytes
 * of the image series and of the segmentation (DICOM-SEG or RTSTRUCT): the patient and study attributes the
 * SR copies (it joins the images' study), the image series (study / series UIDs, frame of reference,
 * modality, each instance's SOP class and instance UID for the image library), and the segmentation
 * (SEG: instance, segment number, label, category / type / anatomic region codes; RTSTRUCT: instance, ROI
 * number and name). Callers without the bytes (e.g. a DICOMweb client holding QIDO-RS metadata) can build
 * an SrSources themselves: it is plain data.
 *
 * Text attributes are decoded by their Specific Character Set: ISO_IR 192 as UTF-8, anything else as
 * ISO 8859-1 (dicom-parser's reading); the SR writes them as UTF-8 (ISO_IR 192).
 */
import { RadiomicsError } from '../../../errors.js';
import { TAGS, isDicom, item, items, parseDicomFile, text, ushort, type DataSet, type DicomFile } from '../parse.js';
import { NON_IMAGE_MODALITIES } from '../series.js';
import type { SrCode } from './codes.js';

/** SOP classes of the segmentations we reference. */
export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';
export const RT_STRUCTURE_SET_STORAGE = '1.2.840.10008.5.1.4.1.1.481.3';

/** Patient and study attributes the SR copies from the images ('' when absent: they are type 2). */
export interface SrPatientStudy {
  readonly patientName: string;
  readonly patientId: string;
  readonly patientBirthDate: string;
  readonly patientSex: string;
  readonly studyInstanceUid: string;
  readonly studyDate: string;
  readonly studyTime: string;
  readonly studyId: string;
  readonly accessionNumber: string;
  readonly referringPhysicianName: string;
  readonly studyDescription: string;
}

/** A reference to one DICOM instance (SOP Instance Reference Macro). */
export interface SrInstanceRef {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
}

/** The image series the features were computed on. */
export interface SrImageSeries {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string | null;
  readonly modality: string | null;
  /** Every instance of the series, sorted by SOP Instance UID (so the order never depends on file order). */
  readonly instances: readonly SrInstanceRef[];
}

/** The segment of a DICOM-SEG that is the ROI. */
export interface SrSegSource {
  readonly kind: 'SEG';
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly instance: SrInstanceRef;
  readonly segmentNumber: number;
  readonly label: string;
  /** Segmented Property Category (0062,0003), Type (0062,000F) and Anatomic Region (0008,2218), when given. */
  readonly category: SrCode | null;
  readonly propertyType: SrCode | null;
  readonly anatomicRegion: SrCode | null;
}

/** The ROI of an RT Structure Set that is the ROI. */
export interface SrRtstructSource {
  readonly kind: 'RTSTRUCT';
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly instance: SrInstanceRef;
  readonly roiNumber: number;
  readonly roiName: string;
}

export type SrSegmentationSource = SrSegSource | SrRtstructSource;

/** Everything toDicomSr needs besides the result. */
export interface SrSources {
  readonly patientStudy: SrPatientStudy;
  readonly image: SrImageSeries;
  readonly segmentation: SrSegmentationSource;
}

const TAG = {
  specificCharacterSet: 'x00080005',
  patientName: 'x00100010',
  patientId: 'x00100020',
  patientBirthDate: 'x00100030',
  patientSex: 'x00100040',
  studyDate: 'x00080020',
  studyTime: 'x00080030',
  accessionNumber: 'x00080050',
  referringPhysicianName: 'x00080090',
  studyDescription: 'x00081030',
  studyId: 'x00200010',
  referencedSeries: 'x00081115',
  segmentSequence: 'x00620002',
  segmentNumber: 'x00620004',
  segmentLabel: 'x00620005',
  category: 'x00620003',
  propertyType: 'x0062000f',
  anatomicRegion: 'x00082218',
  codeValue: 'x00080100',
  codingScheme: 'x00080102',
  codeMeaning: 'x00080104',
  longCodeValue: 'x00080119',
  urnCodeValue: 'x00080120',
  structureSetRoi: 'x30060020',
  roiNumber: 'x30060022',
  roiName: 'x30060026',
  referencedFrameOfReference: 'x30060010',
  rtReferencedStudy: 'x30060012',
  rtReferencedSeries: 'x30060014',
} as const;

/**
 * Reads the SR's sources from DICOM bytes: `image.files` are the image series' files (other files among
 * them, e.g. the RTSTRUCT or notes, are skipped); `segmentation.bytes` a DICOM-SEG (pick the segment with
 * `segment`: number or label; default the only one) or an RTSTRUCT (pick the ROI with `roi`: name or
 * number as text). When the files hold several image series, `image.series` picks one, else the one the
 * segmentation references is taken.
 * Errors: 'UnsupportedFormat' (segmentation neither SEG nor RTSTRUCT), 'NoDicomImages', 'MultipleSeries',
 * 'UnknownSegment', 'UnknownRoi', 'CorruptFile' (a UID missing).
 */
export function srSourcesFromDicom(
  image: { readonly files: readonly Uint8Array[]; readonly names?: readonly string[]; readonly series?: string },
  segmentation: { readonly bytes: Uint8Array; readonly name?: string; readonly segment?: number | string; readonly roi?: string | number },
): SrSources {
  const segName = segmentation.name ?? 'segmentation';
  const seg = parseDicomFile(segmentation.bytes, segName);
  const modality = text(seg.dataSet, TAGS.modality);
  const segSource =
    modality === 'SEG' || seg.dataSet.elements[TAG.segmentSequence] !== undefined
      ? segSourceOf(seg, segmentation.segment)
      : modality === 'RTSTRUCT' || seg.dataSet.elements[TAG.structureSetRoi] !== undefined
        ? rtstructSourceOf(seg, segmentation.roi)
        : null;
  if (segSource === null) {
    throw new RadiomicsError('UnsupportedFormat', `${segName}: not a DICOM-SEG or RTSTRUCT (modality ${modality ?? 'none'})`, { file: segName, modality });
  }
  const imageFiles = image.files.flatMap((bytes, i) => {
    const name = image.names?.[i] ?? `file ${i + 1}`;
    if (!isDicom(bytes)) return [];
    const f = parseDicomFile(bytes, name);
    return f.dataSet.elements[TAGS.pixelData] === undefined || NON_IMAGE_MODALITIES.has(text(f.dataSet, TAGS.modality) ?? '') ? [] : [f];
  });
  if (imageFiles.length === 0) throw new RadiomicsError('NoDicomImages', 'no DICOM image among the files', {});
  const bySeries = new Map<string, DicomFile[]>();
  for (const f of imageFiles) {
    const uid = required(f, TAGS.seriesInstanceUid, 'Series Instance UID');
    bySeries.set(uid, [...(bySeries.get(uid) ?? []), f]);
  }
  if (image.series !== undefined && !bySeries.has(image.series)) {
    throw new RadiomicsError('MultipleSeries', `no series ${image.series} in the files; present: ${[...bySeries.keys()].join(', ')}`, { series: [...bySeries.keys()], requested: image.series });
  }
  const referenced = image.series ?? referencedSeries(seg.dataSet).find((uid) => bySeries.has(uid));
  const seriesUid = referenced ?? (bySeries.size === 1 ? [...bySeries.keys()][0] : null);
  if (seriesUid === null) {
    throw new RadiomicsError('MultipleSeries', `${bySeries.size} image series in the files and ${segName} references none of them: ${[...bySeries.keys()].join(', ')}`, { series: [...bySeries.keys()] });
  }
  const files = bySeries.get(seriesUid) ?? [];
  const instances = files
    .map((f) => ({ sopClassUid: required(f, TAGS.sopClassUid, 'SOP Class UID'), sopInstanceUid: required(f, TAGS.sopInstanceUid, 'SOP Instance UID') }))
    .sort((a, b) => (a.sopInstanceUid < b.sopInstanceUid ? -1 : a.sopInstanceUid > b.sopInstanceUid ? 1 : 0));
  // Patient and study attributes from the instance first in that order, so file order never matters.
  const first = files.find((f) => text(f.dataSet, TAGS.sopInstanceUid) === instances[0].sopInstanceUid) ?? files[0];
  const ds = first.dataSet;
  const studyInstanceUid = required(first, TAGS.studyInstanceUid, 'Study Instance UID');
  return {
    patientStudy: {
      patientName: decoded(ds, TAG.patientName),
      patientId: decoded(ds, TAG.patientId),
      patientBirthDate: decoded(ds, TAG.patientBirthDate),
      patientSex: decoded(ds, TAG.patientSex),
      studyInstanceUid,
      studyDate: decoded(ds, TAG.studyDate),
      studyTime: decoded(ds, TAG.studyTime),
      studyId: decoded(ds, TAG.studyId),
      accessionNumber: decoded(ds, TAG.accessionNumber),
      referringPhysicianName: decoded(ds, TAG.referringPhysicianName),
      studyDescription: decoded(ds, TAG.studyDescription),
    },
    image: { studyInstanceUid, seriesInstanceUid: seriesUid, frameOfReferenceUid: text(ds, TAGS.frameOfReferenceUid), modality: text(ds, TAGS.modality), instances },
    segmentation: segSource,
  };
}

function required(f: DicomFile, key: string, name: string): string {
  const v = text(f.dataSet, key);
  if (v === null) throw new RadiomicsError('CorruptFile', `${f.file}: no ${name}`, { file: f.file });
  return v.replace(/\0+$/, '');
}

/** A text value decoded by the data set's Specific Character Set (UTF-8 for ISO_IR 192, else ISO 8859-1); '' when absent. */
function decoded(ds: DataSet, key: string): string {
  const el = ds.elements[key];
  if (el === undefined || el.length === 0) return '';
  const charset = text(ds, TAG.specificCharacterSet) ?? '';
  const raw = ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
  const s = charset.includes('ISO_IR 192') ? new TextDecoder('utf-8').decode(raw) : String.fromCharCode(...raw);
  return s.replace(/[\0 ]+$/, '').replace(/^ +/, '');
}

function codeOf(ds: DataSet, key: string): SrCode | null {
  const c = item(ds, key);
  if (c === null) return null;
  const value = text(c, TAG.codeValue) ?? text(c, TAG.longCodeValue) ?? text(c, TAG.urnCodeValue);
  const scheme = text(c, TAG.codingScheme) ?? '';
  const meaning = decoded(c, TAG.codeMeaning);
  return value === null ? null : { value, scheme, meaning };
}

function instanceOf(f: DicomFile): SrInstanceRef {
  return { sopClassUid: required(f, TAGS.sopClassUid, 'SOP Class UID'), sopInstanceUid: required(f, TAGS.sopInstanceUid, 'SOP Instance UID') };
}

function segSourceOf(f: DicomFile, wanted: number | string | undefined): SrSegSource {
  const all = items(f.dataSet, TAG.segmentSequence).map((d) => ({ d, number: ushort(d, TAG.segmentNumber) ?? Number.NaN, label: decoded(d, TAG.segmentLabel) }));
  const byNumber = typeof wanted === 'number' || (typeof wanted === 'string' && /^\d+$/.test(wanted)) ? Number(wanted) : null;
  const seg =
    wanted === undefined
      ? all.length === 1
        ? all[0]
        : undefined
      : byNumber !== null
        ? all.find((s) => s.number === byNumber)
        : (all.find((s) => s.label === wanted) ?? all.find((s) => s.label.toLowerCase() === String(wanted).toLowerCase()));
  if (seg === undefined) {
    const list = all.map((s) => `${s.number} "${s.label}"`).join(', ') || '(none)';
    throw new RadiomicsError('UnknownSegment', `${f.file}: ${wanted === undefined ? 'several segments: pick one' : `no segment ${JSON.stringify(wanted)}`}; segments: ${list}`, { file: f.file, segment: wanted ?? null });
  }
  return {
    kind: 'SEG',
    studyInstanceUid: required(f, TAGS.studyInstanceUid, 'Study Instance UID'),
    seriesInstanceUid: required(f, TAGS.seriesInstanceUid, 'Series Instance UID'),
    instance: instanceOf(f),
    segmentNumber: seg.number,
    label: seg.label === '' ? `segment ${seg.number}` : seg.label,
    category: codeOf(seg.d, TAG.category),
    propertyType: codeOf(seg.d, TAG.propertyType),
    anatomicRegion: codeOf(seg.d, TAG.anatomicRegion),
  };
}

function rtstructSourceOf(f: DicomFile, wanted: string | number | undefined): SrRtstructSource {
  const all = items(f.dataSet, TAG.structureSetRoi).map((d) => ({ number: Number(text(d, TAG.roiNumber)), name: decoded(d, TAG.roiName) }));
  const roi =
    wanted === undefined
      ? all.length === 1
        ? all[0]
        : undefined
      : (all.find((r) => r.name === String(wanted)) ?? all.find((r) => r.name.toLowerCase() === String(wanted).toLowerCase()) ?? (/^\d+$/.test(String(wanted)) ? all.find((r) => r.number === Number(wanted)) : undefined));
  if (roi === undefined) {
    const list = all.map((r) => `${r.number} "${r.name}"`).join(', ') || '(none)';
    throw new RadiomicsError('UnknownRoi', `${f.file}: ${wanted === undefined ? 'several ROIs: pick one' : `no ROI ${JSON.stringify(wanted)}`}; ROIs: ${list}`, { file: f.file, roi: wanted ?? null, rois: all.map((r) => r.name) });
  }
  return {
    kind: 'RTSTRUCT',
    studyInstanceUid: required(f, TAGS.studyInstanceUid, 'Study Instance UID'),
    seriesInstanceUid: required(f, TAGS.seriesInstanceUid, 'Series Instance UID'),
    instance: instanceOf(f),
    roiNumber: roi.number,
    roiName: roi.name === '' ? `ROI ${roi.number}` : roi.name,
  };
}

/** Series UIDs the segmentation references: SEG Referenced Series Sequence; RTSTRUCT RT Referenced Series. */
function referencedSeries(ds: DataSet): string[] {
  const fromSeg = items(ds, TAG.referencedSeries).map((d) => text(d, TAGS.seriesInstanceUid));
  const fromRt = items(ds, TAG.referencedFrameOfReference).flatMap((fr) => items(fr, TAG.rtReferencedStudy).flatMap((st) => items(st, TAG.rtReferencedSeries).map((se) => text(se, TAGS.seriesInstanceUid))));
  return [...fromSeg, ...fromRt].filter((u): u is string => u !== null);
}
