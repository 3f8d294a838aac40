/**
 * toDicomSr: an extraction result -> a DICOM Enhanced SR document (SOP class 1.2.840.10008.5.1.4.1.1.88.22,
 * PS3.3 A.35.2) whose content follows TID 1500 Measurement Report (PS3.16), as DICOM Part 10 bytes
 * (explicit VR little endian). The tree, built as data by one small function per template:
 *
 *   CONTAINER Imaging Measurement Report (TID 1500)
 *     HAS CONCEPT MOD  CODE Language of Content Item and Descendants = English (United States)   TID 1204
 *     HAS OBS CONTEXT  CODE Observer Type = Device; UIDREF Device Observer UID; TEXT Device Observer
 *                      Name / Manufacturer / Model Name (this library, its version)             TID 1002/1004
 *     HAS CONCEPT MOD  CODE Procedure reported = Imaging procedure (option)
 *     CONTAINS CONTAINER Image Library > CONTAINER Image Library Group                           TID 1600
 *                      (HAS ACQ CONTEXT Modality, Frame of Reference UID; CONTAINS IMAGE per instance)
 *     CONTAINS CONTAINER Imaging Measurements
 *       CONTAINS CONTAINER Measurement Group (TID 1411), one per ROI:
 *         HAS OBS CONTEXT TEXT Tracking Identifier (segment label / ROI name); UIDREF Tracking Unique Identifier
 *         CONTAINS CODE Finding category, CODE Finding (SEG Segmented Property Category / Type, when given)
 *         CONTAINS IMAGE Referenced Segment (SEG instance + Referenced Segment Number)                 row 7
 *           or COMPOSITE Region in Space (RTSTRUCT instance), TEXT Referenced Region of Interest
 *              Identifier = ROI Number                                                        rows 12b, 12c
 *         CONTAINS UIDREF Source series for segmentation (the image series)
 *         HAS CONCEPT MOD CODE Finding Site (SEG Anatomic Region, when given)
 *         HAS CONCEPT MOD TEXT Algorithm Name / Version / Parameters (the resolved config, canonical JSON)  TID 4019
 *         CONTAINS TEXT Configuration hash (99RADIOMICS) = sha256:<hex of the canonical JSON>
 *         CONTAINS NUM <IBSI code, "IBSI", feature name> per feature (TID 1419 / 300), UCUM unit, DS + FD value
 *           HAS CONCEPT MOD CODE Feature family, CODE Feature aggregation method (IBSI codes),
 *                           TEXT Image type (filtered images), TEXT Feature identifier (the result's id)
 *
 * RTSTRUCT ROIs: TID 1411 names one by a COMPOSITE "Region in Space" (row 12b) with a child HAS PROPERTIES
 * TEXT "Referenced Region of Interest Identifier" (row 12c). dcmtk 3.6.7 rejects that child in Enhanced,
 * Comprehensive and Comprehensive 3D SR alike ("Cannot add has properties TEXT to COMPOSITE": their
 * relationship constraint tables as dcmtk implements them), and the Extensible SR IOD (any relationship
 * allowed) is read by neither dsrdump nor dicom3tools' dciodvfy. So the
 * ROI Number item is the COMPOSITE's sibling (CONTAINS, in the measurement group) and the document stays
 * an Enhanced SR that both tools validate; readDicomSr accepts either place. The Tracking Identifier is the
 * ROI name.
 *
 * Determinism: the same result and sources give the same bytes. The SOP Instance and Series Instance UIDs
 * are derived (2.25 UUID form) from the inputs' UIDs, the voxel hashes of image and mask, the config hash,
 * this library's version and the content date/time, so storing the same SR twice in a PACS is idempotent.
 * Content Date/Time default to the study's date/time (options.contentDateTime overrides): a report made
 * now of the same study with the same configuration is the same document.
 */
import { RadiomicsError } from '../../../errors.js';
import { imageTypeLabel, type ExtractConfig } from '../../../config.js';
import type { ExtractResult } from '../../../extract.js';
import { FAMILIES } from '../../../features/registry.js';
import { AGGREGATION_IBSI, type FeatureValue } from '../../../features/types.js';
import { sha256Hex } from '../../../util/sha256.js';
import { VERSION } from '../../../version.js';
import { uidFromText } from '../uid.js';
import { writeDicom, type DataSetSpec } from '../writer.js';
import { CODING_SCHEMES, DCM, IBSI_SCHEME, MODALITY_CODES, PRIVATE, meaning, privateFeatureCode, type SrCode } from './codes.js';
import { encodeContentItem, type SrContentItem, type SrRelationship } from './content.js';
import type { SrInstanceRef, SrSegmentationSource, SrSources } from './sources.js';
import { intensityUnit, unitCode, unitKind } from './units.js';

/** Enhanced SR Storage (PS3.4 B.5). */
export const ENHANCED_SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.22';
/** Implementation Class UID of this library's files (derived from its name, 2.25 form) and version name. */
export const IMPLEMENTATION_CLASS_UID = uidFromText('radiomics implementation class');
/** Algorithm Name (TID 4019) and Device Observer Name of our SRs. */
export const ALGORITHM_NAME = 'radiomics';

export interface SrOptions {
  /** Content Date (YYYYMMDD) and Time (HHMMSS). Default: the study's date and time, else 19700101 000000. */
  readonly contentDateTime?: { readonly date: string; readonly time: string };
  /** Series Description (0008,103E). Default "Radiomics features". */
  readonly seriesDescription?: string;
  /** Series Number (0020,0011). Default 9901. */
  readonly seriesNumber?: number;
  /** Procedure reported (TID 1500 row 4). Default (363679005, SCT, "Imaging procedure"). */
  readonly procedureReported?: SrCode;
}

/** SHA-256 hex of a config's canonical JSON (keys sorted): the "configuration hash" of our SRs. */
export function srConfigHash(config: ExtractConfig): string {
  return sha256Hex(new TextEncoder().encode(canonicalJson(config)));
}

/** JSON with object keys sorted at every level, so equal configs always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
  );
}

/** One measurement group: the features of one ROI and the segmentation that defines it. */
export interface SrMeasurement {
  readonly result: ExtractResult;
  readonly segmentation: SrSegmentationSource;
}

/**
 * The SR document of one extraction (one measurement group: the ROI of `sources.segmentation`), as
 * DICOM Part 10 bytes. Errors: 'InvalidArgument' when the sources lack a UID the document needs.
 */
export function toDicomSr(result: ExtractResult, sources: SrSources, options: SrOptions = {}): Uint8Array {
  return toDicomSrMany([{ result, segmentation: sources.segmentation }], sources, options);
}

/**
 * The SR document of several ROIs of one image series (e.g. every segment of a SEG): one measurement
 * group per entry, in order. toDicomSr is this with one entry. Errors: 'InvalidArgument' (no entry, or a
 * UID missing).
 */
export function toDicomSrMany(measurements: readonly SrMeasurement[], sources: Omit<SrSources, 'segmentation'>, options: SrOptions = {}): Uint8Array {
  if (measurements.length === 0) throw new RadiomicsError('InvalidArgument', 'toDicomSrMany: no measurement to report', { field: 'measurements' });
  for (const m of measurements) checkSources({ ...sources, segmentation: m.segmentation });
  const ps = sources.patientStudy;
  const date = options.contentDateTime?.date ?? (/^\d{8}$/.test(ps.studyDate) ? ps.studyDate : '19700101');
  const time = options.contentDateTime?.time ?? (/^\d{6}/.test(ps.studyTime) && /^\d{8}$/.test(ps.studyDate) ? ps.studyTime : '000000');
  // What identifies each group: its ROI, the voxels measured, the configuration, this library's version.
  const groupKeys = measurements.map(({ result, segmentation: seg }) =>
    canonicalJson({
      version: VERSION,
      image: { series: sources.image.seriesInstanceUid, instances: sources.image.instances.map((i) => i.sopInstanceUid), sha256: result.provenance.image.sha256 },
      mask: { instance: seg.instance.sopInstanceUid, part: seg.kind === 'SEG' ? seg.segmentNumber : seg.roiNumber, sha256: result.provenance.mask.sha256 },
      configHash: srConfigHash(result.provenance.config),
    }),
  );
  const key = canonicalJson({ groups: groupKeys, date, time });
  const sopInstanceUid = uidFromText(`sr instance ${key}`);
  const seriesInstanceUid = uidFromText(`sr series ${key}`);
  const groups = measurements.map((m, i) => measurementGroup(m.result, { ...sources, segmentation: m.segmentation }, srConfigHash(m.result.provenance.config), uidFromText(`tracking ${groupKeys[i]}`)));
  const root = measurementReport(sources, groups, options.procedureReported ?? DCM.imagingProcedure);
  const dataSet: DataSetSpec = {
    '00080005': ['CS', 'ISO_IR 192'],
    '00080016': ['UI', ENHANCED_SR_STORAGE],
    '00080018': ['UI', sopInstanceUid],
    '00080020': ['DA', ps.studyDate],
    '00080023': ['DA', date],
    '00080030': ['TM', ps.studyTime],
    '00080033': ['TM', time],
    '00080050': ['SH', ps.accessionNumber],
    '00080060': ['CS', 'SR'],
    '00080070': ['LO', ALGORITHM_NAME],
    '00080090': ['PN', ps.referringPhysicianName],
    '00080110': ['SQ', CODING_SCHEMES.map((s): DataSetSpec => ({ '00080102': ['SH', s.designator], '00080115': ['ST', s.name], '00080116': ['ST', s.responsible] }))],
    ...(ps.studyDescription === '' ? {} : { '00081030': ['LO', ps.studyDescription] as const }),
    '0008103e': ['LO', options.seriesDescription ?? 'Radiomics features'],
    '00081090': ['LO', ALGORITHM_NAME],
    '00081111': ['SQ', []],
    '00100010': ['PN', ps.patientName],
    '00100020': ['LO', ps.patientId],
    '00100030': ['DA', ps.patientBirthDate],
    '00100040': ['CS', ps.patientSex],
    '00181020': ['LO', VERSION],
    '0020000d': ['UI', ps.studyInstanceUid],
    '0020000e': ['UI', seriesInstanceUid],
    '00200010': ['SH', ps.studyId],
    '00200011': ['IS', String(options.seriesNumber ?? 9901)],
    '00200013': ['IS', '1'],
    '0040a372': ['SQ', []],
    '0040a375': ['SQ', evidence(sources, measurements.map((m) => m.segmentation))],
    '0040a491': ['CS', 'COMPLETE'],
    '0040a493': ['CS', 'UNVERIFIED'],
    ...encodeContentItem(root),
  };
  return writeDicom(dataSet, { transferSyntax: 'explicit', implementation: { classUid: IMPLEMENTATION_CLASS_UID, versionName: `RADIOMICS_${VERSION}`.slice(0, 16) } });
}

function checkSources(s: SrSources): void {
  const uids: [string, string][] = [
    ['patientStudy.studyInstanceUid', s.patientStudy.studyInstanceUid],
    ['image.seriesInstanceUid', s.image.seriesInstanceUid],
    ['segmentation.instance.sopInstanceUid', s.segmentation.instance.sopInstanceUid],
    ...s.image.instances.map((i, n): [string, string] => [`image.instances[${n}].sopInstanceUid`, i.sopInstanceUid]),
  ];
  const bad = uids.find(([, u]) => !/^[0-9]+(\.[0-9]+)*$/.test(u) || u.length > 64);
  if (bad !== undefined) throw new RadiomicsError('InvalidArgument', `SR sources: ${bad[0]} is not a DICOM UID: ${JSON.stringify(bad[1])}`, { field: bad[0] });
  if (s.image.instances.length === 0) throw new RadiomicsError('InvalidArgument', 'SR sources: the image series has no instance', { field: 'image.instances' });
}

/** Current Requested Procedure Evidence Sequence: every instance the SR references (once), by study and series. */
function evidence(s: Omit<SrSources, 'segmentation'>, segmentations: readonly SrSegmentationSource[]): DataSetSpec[] {
  const refs = [
    ...s.image.instances.map((instance) => ({ study: s.image.studyInstanceUid, series: s.image.seriesInstanceUid, instance })),
    ...segmentations.map((g) => ({ study: g.studyInstanceUid, series: g.seriesInstanceUid, instance: g.instance })),
  ];
  const unique = refs.filter((r, i) => refs.findIndex((q) => q.instance.sopInstanceUid === r.instance.sopInstanceUid) === i);
  const studies = [...new Set(unique.map((r) => r.study))];
  return studies.map((study): DataSetSpec => {
    const inStudy = unique.filter((r) => r.study === study);
    const series = [...new Set(inStudy.map((r) => r.series))];
    return {
      '0020000d': ['UI', study],
      '00081115': ['SQ', series.map((uid): DataSetSpec => ({ '0020000e': ['UI', uid], '00081199': ['SQ', inStudy.filter((r) => r.series === uid).map((r) => sopRef(r.instance))] }))],
    };
  });
}

function sopRef(i: SrInstanceRef): DataSetSpec {
  return { '00081150': ['UI', i.sopClassUid], '00081155': ['UI', i.sopInstanceUid] };
}

// Content item builders: one per value type, then one per template.
const container = (relationship: SrRelationship | null, concept: SrCode, children: SrContentItem[], template: string | null = null): SrContentItem => ({ relationship, concept, valueType: 'CONTAINER', template, children });
const textItem = (relationship: SrRelationship, concept: SrCode, value: string, children: SrContentItem[] = []): SrContentItem => ({ relationship, concept, valueType: 'TEXT', text: value, children });
const codeItem = (relationship: SrRelationship, concept: SrCode, value: SrCode): SrContentItem => ({ relationship, concept, valueType: 'CODE', code: { ...value, meaning: meaning(value.meaning) }, children: [] });
const uidItem = (relationship: SrRelationship, concept: SrCode, uid: string): SrContentItem => ({ relationship, concept, valueType: 'UIDREF', uid, children: [] });

/** TID 1500 Measurement Report. */
function measurementReport(sources: Omit<SrSources, 'segmentation'>, groups: SrContentItem[], procedure: SrCode): SrContentItem {
  return container(
    null,
    DCM.imagingMeasurementReport,
    [
      codeItem('HAS CONCEPT MOD', DCM.languageOfContent, DCM.englishUs),
      ...deviceObserver(),
      codeItem('HAS CONCEPT MOD', DCM.procedureReported, procedure),
      imageLibrary(sources),
      container('CONTAINS', DCM.imagingMeasurements, groups),
    ],
    '1500',
  );
}

/** TID 1002 / 1004: the observer is a device, this library. */
function deviceObserver(): SrContentItem[] {
  return [
    codeItem('HAS OBS CONTEXT', DCM.observerType, DCM.device),
    uidItem('HAS OBS CONTEXT', DCM.deviceObserverUid, uidFromText(`radiomics device observer ${VERSION}`)),
    textItem('HAS OBS CONTEXT', DCM.deviceObserverName, ALGORITHM_NAME),
    textItem('HAS OBS CONTEXT', DCM.deviceObserverManufacturer, ALGORITHM_NAME),
    textItem('HAS OBS CONTEXT', DCM.deviceObserverModelName, `${ALGORITHM_NAME} ${VERSION}`),
  ];
}

/** TID 1600 Image Library: one group, the source series, with its modality and frame of reference. */
function imageLibrary(s: Omit<SrSources, 'segmentation'>): SrContentItem {
  const context: SrContentItem[] = [];
  const modality = s.image.modality;
  if (modality !== null && MODALITY_CODES[modality] !== undefined) context.push(codeItem('HAS ACQ CONTEXT', DCM.modality, { value: modality, scheme: 'DCM', meaning: MODALITY_CODES[modality] }));
  if (s.image.frameOfReferenceUid !== null) context.push(uidItem('HAS ACQ CONTEXT', DCM.frameOfReferenceUid, s.image.frameOfReferenceUid));
  const images: SrContentItem[] = s.image.instances.map((reference) => ({ relationship: 'CONTAINS', concept: null, valueType: 'IMAGE', reference, segmentNumber: null, children: [] }));
  return container('CONTAINS', DCM.imageLibrary, [container('CONTAINS', DCM.imageLibraryGroup, [...context, ...images])]);
}

/** TID 1411 Volumetric ROI Measurements, with every feature as a TID 1419 measurement. */
function measurementGroup(result: ExtractResult, s: SrSources, configHash: string, trackingUid: string): SrContentItem {
  const seg = s.segmentation;
  const items: SrContentItem[] = [
    textItem('HAS OBS CONTEXT', DCM.trackingIdentifier, seg.kind === 'SEG' ? seg.label : seg.roiName),
    uidItem('HAS OBS CONTEXT', DCM.trackingUid, trackingUid),
  ];
  if (seg.kind === 'SEG' && seg.category !== null) items.push(codeItem('CONTAINS', DCM.findingCategory, seg.category));
  if (seg.kind === 'SEG' && seg.propertyType !== null) items.push(codeItem('CONTAINS', DCM.finding, seg.propertyType));
  if (seg.kind === 'SEG') {
    items.push({ relationship: 'CONTAINS', concept: DCM.referencedSegment, valueType: 'IMAGE', reference: seg.instance, segmentNumber: seg.segmentNumber, children: [] });
  } else {
    // Rows 12b and 12c; 12c is a sibling here, not the COMPOSITE's child (see the header).
    items.push(
      { relationship: 'CONTAINS', concept: DCM.regionInSpace, valueType: 'COMPOSITE', reference: seg.instance, segmentNumber: null, children: [] },
      textItem('CONTAINS', DCM.referencedRoiIdentifier, String(seg.roiNumber)),
    );
  }
  items.push(uidItem('CONTAINS', DCM.sourceSeriesForSegmentation, s.image.seriesInstanceUid));
  if (seg.kind === 'SEG' && seg.anatomicRegion !== null) items.push(codeItem('HAS CONCEPT MOD', DCM.findingSite, seg.anatomicRegion));
  const config = result.provenance.config;
  items.push(
    textItem('HAS CONCEPT MOD', DCM.algorithmName, ALGORITHM_NAME),
    textItem('HAS CONCEPT MOD', DCM.algorithmVersion, result.provenance.library.version),
    textItem('HAS CONCEPT MOD', DCM.algorithmParameters, canonicalJson(config)),
    textItem('CONTAINS', PRIVATE.configHash, `sha256:${configHash}`),
  );
  const labels = imageTypeLabels(config);
  const normalised = config.normalisation.method !== 'none';
  const modality = s.image.modality ?? result.provenance.image.acquisition?.modality ?? null;
  for (const f of result.features) items.push(measurement(f, labels, modality, normalised));
  return container('CONTAINS', DCM.measurementGroup, items, '1411');
}

/** Each image type's id prefix (null: no prefix) and whether it is the original image. */
function imageTypeLabels(config: ExtractConfig): { label: string | null; original: boolean }[] {
  return config.imageTypes.map((t) => ({ label: t.name ?? (t.type === 'original' ? null : imageTypeLabel(t)), original: t.type === 'original' }));
}

/** TID 1419 / 300: one feature as a NUM with its modifiers. */
function measurement(f: FeatureValue, labels: readonly { label: string | null; original: boolean }[], modality: string | null, normalised: boolean): SrContentItem {
  // The feature's image type: the one whose "<label>:" prefixes its id (longest first), else the unprefixed one.
  const prefixed = labels.filter((l) => l.label !== null && f.id.startsWith(`${l.label}:`)).sort((a, b) => (b.label ?? '').length - (a.label ?? '').length)[0];
  const imageType = prefixed ?? labels.find((l) => l.label === null) ?? { label: null, original: true };
  const concept = f.ibsi !== null ? { value: f.ibsi, scheme: IBSI_SCHEME, meaning: meaning(f.name) } : privateFeatureCode(f.family, f.name);
  const unit = unitCode(unitKind(f.family, f.ibsi), intensityUnit(modality, imageType.original, normalised));
  const family = (FAMILIES as Record<string, { ibsi: string; title: string }>)[f.family];
  const modifiers: SrContentItem[] = [];
  if (family !== undefined) modifiers.push(codeItem('HAS CONCEPT MOD', PRIVATE.featureFamily, { value: family.ibsi, scheme: IBSI_SCHEME, meaning: family.title }));
  if (f.aggregation !== null) modifiers.push(codeItem('HAS CONCEPT MOD', PRIVATE.aggregation, { value: AGGREGATION_IBSI[f.aggregation], scheme: IBSI_SCHEME, meaning: f.aggregation }));
  if (imageType.label !== null) modifiers.push(textItem('HAS CONCEPT MOD', PRIVATE.imageType, imageType.label));
  modifiers.push(textItem('HAS CONCEPT MOD', PRIVATE.featureId, f.id));
  return { relationship: 'CONTAINS', concept, valueType: 'NUM', value: f.value, unit, children: modifiers };
}
