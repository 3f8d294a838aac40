/**
 * readDicomSr: DICOM SR bytes -> the TID 1500 content as data. For a document written by toDicomSr the
 * features come back exactly as in the result (ids, names, IBSI codes, aggregations; values from the
 * Floating Point Value, so bit for bit; null for "Not a number"), together with what they refer to (the
 * image series, the SEG segment or RTSTRUCT ROI), the configuration (parsed from Algorithm Parameters), its
 * hash and the library version. Measurement groups of other writers (dcmqi, pyradiomics-dcm, highdicom)
 * are read as far as they go: a feature needs its concept name; its id falls back to "scheme:code".
 * Errors: 'UnsupportedFormat' (not an SR, or its root is not a TID 1500 Imaging Measurement Report),
 * 'CorruptFile' (unreadable, or an item missing its value).
 */
import { RadiomicsError } from '../../../errors.js';
import type { ExtractConfig } from '../../../config.js';
import { FAMILIES } from '../../../features/registry.js';
import { AGGREGATION_IBSI, type Aggregation, type FeatureValue } from '../../../features/types.js';
import { TAGS, parseDicomFile, text } from '../parse.js';
import { DCM, IBSI_SCHEME, PRIVATE, type SrCode } from './codes.js';
import { decodeContentItem, type SrContentItem } from './content.js';
import type { SrInstanceRef } from './sources.js';
import { ALGORITHM_NAME } from './write.js';

/** One measurement group (TID 1411): the ROI it measures and its features. */
export interface DicomSrGroup {
  readonly trackingIdentifier: string | null;
  readonly trackingUid: string | null;
  /** The segmentation: a SEG segment (Referenced Segment) or an RTSTRUCT ROI (Region in Space), or null. */
  readonly segmentation:
    | { readonly kind: 'SEG'; readonly instance: SrInstanceRef; readonly segmentNumber: number | null }
    | { readonly kind: 'RTSTRUCT'; readonly instance: SrInstanceRef; readonly roiNumber: number | null }
    | null;
  readonly sourceSeriesInstanceUid: string | null;
  readonly findingCategory: SrCode | null;
  readonly finding: SrCode | null;
  readonly findingSite: SrCode | null;
  /** TID 4019 Algorithm Identification. */
  readonly algorithm: { readonly name: string | null; readonly version: string | null; readonly parameters: readonly string[] };
  /** Hex SHA-256 of the configuration's canonical JSON (our Configuration hash item), or null. */
  readonly configHash: string | null;
  /** The configuration, when Algorithm Parameters holds our JSON. */
  readonly config: ExtractConfig | null;
  readonly features: readonly FeatureValue[];
  /** UCUM unit of each feature, by feature id. */
  readonly units: Readonly<Record<string, SrCode>>;
}

export interface DicomSrContent {
  readonly file: string;
  readonly sopClassUid: string | null;
  readonly sopInstanceUid: string | null;
  readonly seriesInstanceUid: string | null;
  readonly studyInstanceUid: string | null;
  readonly patientId: string | null;
  readonly contentDate: string | null;
  readonly contentTime: string | null;
  /** Device observer (TID 1004) and whether it is this library (then `algorithmVersion` is its version). */
  readonly observer: { readonly uid: string | null; readonly name: string | null; readonly modelName: string | null };
  readonly writtenByUs: boolean;
  /** Frame of Reference UID and instances of the image library. */
  readonly imageLibrary: { readonly frameOfReferenceUid: string | null; readonly instances: readonly SrInstanceRef[] };
  readonly groups: readonly DicomSrGroup[];
  /** The first group's features, config, config hash and algorithm version (our SRs have one group). */
  readonly features: readonly FeatureValue[];
  readonly config: ExtractConfig | null;
  readonly configHash: string | null;
  readonly algorithmVersion: string | null;
  /** The whole content tree. */
  readonly content: SrContentItem;
}

const same = (a: SrCode | null, b: SrCode) => a !== null && a.value === b.value && a.scheme === b.scheme;
const childrenOf = (n: SrContentItem, concept: SrCode) => n.children.filter((c) => same(c.concept, concept));
const textOf = (n: SrContentItem, concept: SrCode): string | null => {
  const c = childrenOf(n, concept)[0];
  return c === undefined ? null : c.valueType === 'TEXT' ? c.text : c.valueType === 'UIDREF' ? c.uid : c.valueType === 'CODE' ? c.code.meaning : null;
};
const codeOf = (n: SrContentItem, concept: SrCode): SrCode | null => {
  const c = childrenOf(n, concept)[0];
  return c !== undefined && c.valueType === 'CODE' ? c.code : null;
};

export function readDicomSr(bytes: Uint8Array, file = 'SR'): DicomSrContent {
  const f = parseDicomFile(bytes, file);
  const ds = f.dataSet;
  if (text(ds, TAGS.modality) !== 'SR' && ds.elements.x0040a730 === undefined) {
    throw new RadiomicsError('UnsupportedFormat', `${file}: not a DICOM SR (modality ${text(ds, TAGS.modality) ?? 'none'})`, { file });
  }
  const content = decodeContentItem(ds, file, true, (text(ds, 'x00080005') ?? '').includes('ISO_IR 192'));
  if (content.valueType !== 'CONTAINER' || !same(content.concept, DCM.imagingMeasurementReport)) {
    throw new RadiomicsError('UnsupportedFormat', `${file}: the SR is not a TID 1500 Imaging Measurement Report (root ${content.concept === null ? 'has no concept name' : `is "${content.concept.meaning}"`})`, { file });
  }
  const library = childrenOf(content, DCM.imageLibrary)[0];
  const libraryGroups = library === undefined ? [] : [library, ...childrenOf(library, DCM.imageLibraryGroup)];
  const instances = libraryGroups.flatMap((g) => g.children.flatMap((c) => (c.valueType === 'IMAGE' ? [c.reference] : [])));
  const frameOfReferenceUid = libraryGroups.map((g) => textOf(g, DCM.frameOfReferenceUid)).find((u) => u !== null) ?? null;
  const measurements = childrenOf(content, DCM.imagingMeasurements)[0];
  const groups = measurements === undefined ? [] : childrenOf(measurements, DCM.measurementGroup).map(readGroup);
  const observer = { uid: textOf(content, DCM.deviceObserverUid), name: textOf(content, DCM.deviceObserverName), modelName: textOf(content, DCM.deviceObserverModelName) };
  const uid = (k: string) => text(ds, k)?.replace(/\0+$/, '') ?? null;
  const first = groups[0];
  return {
    file,
    sopClassUid: uid(TAGS.sopClassUid),
    sopInstanceUid: uid(TAGS.sopInstanceUid),
    seriesInstanceUid: uid(TAGS.seriesInstanceUid),
    studyInstanceUid: uid(TAGS.studyInstanceUid),
    patientId: text(ds, 'x00100020'),
    contentDate: text(ds, 'x00080023'),
    contentTime: text(ds, 'x00080033'),
    observer,
    writtenByUs: observer.name === ALGORITHM_NAME,
    imageLibrary: { frameOfReferenceUid, instances },
    groups,
    features: first?.features ?? [],
    config: first?.config ?? null,
    configHash: first?.configHash ?? null,
    algorithmVersion: first?.algorithm.version ?? null,
    content,
  };
}

function readGroup(g: SrContentItem): DicomSrGroup {
  const segment = childrenOf(g, DCM.referencedSegment).find((c) => c.valueType === 'IMAGE');
  const region = childrenOf(g, DCM.regionInSpace).find((c) => c.valueType === 'COMPOSITE');
  const segmentation =
    segment !== undefined && segment.valueType === 'IMAGE'
      ? { kind: 'SEG' as const, instance: segment.reference, segmentNumber: segment.segmentNumber }
      : region !== undefined && region.valueType === 'COMPOSITE'
        ? { kind: 'RTSTRUCT' as const, instance: region.reference, roiNumber: numberOrNull(textOf(region, DCM.referencedRoiIdentifier) ?? textOf(g, DCM.referencedRoiIdentifier)) }
        : null;
  const parameters = childrenOf(g, DCM.algorithmParameters).flatMap((c) => (c.valueType === 'TEXT' ? [c.text] : []));
  const hash = textOf(g, PRIVATE.configHash);
  const units: Record<string, SrCode> = {};
  const features = g.children.flatMap((c) => {
    if (c.valueType !== 'NUM' || c.concept === null) return [];
    const f = featureOf(c, c.concept);
    units[f.id] = c.unit;
    return [f];
  });
  return {
    trackingIdentifier: textOf(g, DCM.trackingIdentifier),
    trackingUid: textOf(g, DCM.trackingUid),
    segmentation,
    sourceSeriesInstanceUid: textOf(g, DCM.sourceSeriesForSegmentation),
    findingCategory: codeOf(g, DCM.findingCategory),
    finding: codeOf(g, DCM.finding),
    findingSite: codeOf(g, DCM.findingSite),
    algorithm: { name: textOf(g, DCM.algorithmName), version: textOf(g, DCM.algorithmVersion), parameters },
    configHash: hash === null ? null : hash.replace(/^sha256:/, ''),
    config: configOf(parameters),
    features,
    units,
  };
}

function numberOrNull(s: string | null): number | null {
  return s !== null && /^\s*-?\d+\s*$/.test(s) ? Number(s) : null;
}

/** Our Algorithm Parameters: the canonical JSON of the resolved config (the first parameter that parses as an object). */
function configOf(parameters: readonly string[]): ExtractConfig | null {
  for (const p of parameters) {
    try {
      const v: unknown = JSON.parse(p);
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'families' in v) return v as ExtractConfig;
    } catch {
      // not JSON: another writer's parameter text
    }
  }
  return null;
}

/** The family (short name) whose IBSI code is `code`. */
function familyOf(code: string): string | undefined {
  return Object.entries(FAMILIES).find(([, d]) => d.ibsi === code)?.[0];
}

/** The aggregation whose IBSI code is `code`. */
function aggregationOf(code: string): Aggregation | undefined {
  return (Object.keys(AGGREGATION_IBSI) as Aggregation[]).find((a) => AGGREGATION_IBSI[a] === code);
}

function featureOf(n: SrContentItem & { valueType: 'NUM' }, concept: SrCode): FeatureValue {
  const familyCode = codeOf(n, PRIVATE.featureFamily);
  const aggregationCode = codeOf(n, PRIVATE.aggregation);
  const family = familyCode === null ? '' : (familyOf(familyCode.value) ?? familyCode.meaning);
  const aggregation = aggregationCode === null ? null : (aggregationOf(aggregationCode.value) ?? null);
  return {
    id: textOf(n, PRIVATE.featureId) ?? `${concept.scheme}:${concept.value}`,
    family,
    name: concept.meaning,
    ibsi: concept.scheme === IBSI_SCHEME ? concept.value : null,
    aggregation,
    value: n.value,
  };
}
