/**
 * The coded concepts of our TID 1500 Measurement Report, as data: the DICOM (DCM), SNOMED CT (SCT) and
 * UCUM codes the templates name (PS3.16 TID 1500, 1204, 1001-1004, 1600/1601, 1411, 1419, 300, 4019),
 * the IBSI scheme that names the features (code value = IBSI identifier, as pyradiomics-dcm writes it),
 * and the private scheme "99RADIOMICS" of this library for what no public scheme codes: the feature
 * family, aggregation, image type and identifier modifiers, the configuration hash, and any feature that
 * has no IBSI code. docs/clinical-workflow.md ("Coding of features") describes the same tables.
 */
import { sha256Hex } from '../../../util/sha256.js';

/** A coded concept (Code Sequence Macro, PS3.3 table 8.8-1): code value, coding scheme designator, code meaning. */
export interface SrCode {
  readonly value: string;
  readonly scheme: string;
  readonly meaning: string;
}

const code = (value: string, scheme: string, meaning: string): SrCode => ({ value, scheme, meaning });

/** The IBSI coding scheme designator (feature, family and aggregation codes of the IBSI reference manual). */
export const IBSI_SCHEME = 'IBSI';
/** Our private coding scheme designator ("99" prefix: private, PS3.16 section 8.2). */
export const PRIVATE_SCHEME = '99RADIOMICS';

/** Coding Scheme Identification Sequence (0008,0110) items: the two non-registered schemes we use. */
export const CODING_SCHEMES = [
  { designator: IBSI_SCHEME, name: 'Image Biomarker Standardisation Initiative reference manual', responsible: 'IBSI (https://theibsi.github.io)' },
  { designator: PRIVATE_SCHEME, name: 'radiomics library private codes', responsible: 'radiomics (docs/clinical-workflow.md, "Coding of features")' },
] as const;

/** Concepts of the DICOM templates, by the name the code means. */
export const DCM = {
  imagingMeasurementReport: code('126000', 'DCM', 'Imaging Measurement Report'),
  languageOfContent: code('121049', 'DCM', 'Language of Content Item and Descendants'),
  englishUs: code('en-US', 'RFC5646', 'English (United States)'),
  observerType: code('121005', 'DCM', 'Observer Type'),
  device: code('121007', 'DCM', 'Device'),
  deviceObserverUid: code('121012', 'DCM', 'Device Observer UID'),
  deviceObserverName: code('121013', 'DCM', 'Device Observer Name'),
  deviceObserverManufacturer: code('121014', 'DCM', 'Device Observer Manufacturer'),
  deviceObserverModelName: code('121015', 'DCM', 'Device Observer Model Name'),
  procedureReported: code('121058', 'DCM', 'Procedure reported'),
  imagingProcedure: code('363679005', 'SCT', 'Imaging procedure'),
  imageLibrary: code('111028', 'DCM', 'Image Library'),
  imageLibraryGroup: code('126200', 'DCM', 'Image Library Group'),
  modality: code('121139', 'DCM', 'Modality'),
  frameOfReferenceUid: code('112227', 'DCM', 'Frame of Reference UID'),
  imagingMeasurements: code('126010', 'DCM', 'Imaging Measurements'),
  measurementGroup: code('125007', 'DCM', 'Measurement Group'),
  trackingIdentifier: code('112039', 'DCM', 'Tracking Identifier'),
  trackingUid: code('112040', 'DCM', 'Tracking Unique Identifier'),
  findingCategory: code('276214006', 'SCT', 'Finding category'),
  finding: code('121071', 'DCM', 'Finding'),
  findingSite: code('363698007', 'SCT', 'Finding Site'),
  referencedSegment: code('121191', 'DCM', 'Referenced Segment'),
  /** TID 1411 row 12b: an ROI of an RT Structure Set (COMPOSITE), with row 12c naming the ROI. */
  regionInSpace: code('130488', 'DCM', 'Region in Space'),
  referencedRoiIdentifier: code('130489', 'DCM', 'Referenced Region of Interest Identifier'),
  sourceSeriesForSegmentation: code('121232', 'DCM', 'Source series for segmentation'),
  algorithmName: code('111001', 'DCM', 'Algorithm Name'),
  algorithmVersion: code('111003', 'DCM', 'Algorithm Version'),
  algorithmParameters: code('111002', 'DCM', 'Algorithm Parameters'),
  /** Numeric Value Qualifier (CID 42) of a feature whose value is undefined (null in the result). */
  notANumber: code('114000', 'DCM', 'Not a number'),
} as const;

/** Our private concepts (scheme 99RADIOMICS; code values are at most 16 characters, VR SH). */
export const PRIVATE = {
  featureFamily: code('R-FAMILY', PRIVATE_SCHEME, 'Feature family'),
  aggregation: code('R-AGGREGATION', PRIVATE_SCHEME, 'Feature aggregation method'),
  imageType: code('R-IMAGE-TYPE', PRIVATE_SCHEME, 'Image type'),
  featureId: code('R-FEATURE-ID', PRIVATE_SCHEME, 'Feature identifier'),
  configHash: code('R-CONFIG-HASH', PRIVATE_SCHEME, 'Configuration hash'),
} as const;

/** Modality (0008,0060) -> its code in CID 29 (DCM scheme), for the image library's acquisition context. */
export const MODALITY_CODES: Readonly<Record<string, string>> = {
  CT: 'Computed Tomography',
  MR: 'Magnetic Resonance',
  PT: 'Positron emission tomography',
  NM: 'Nuclear Medicine',
  US: 'Ultrasound',
  CR: 'Computed Radiography',
  DX: 'Digital Radiography',
  MG: 'Mammography',
};

/**
 * Concept name of a feature without an IBSI code: "R" + the first 12 hex digits of SHA-256 of
 * "family.name" in scheme 99RADIOMICS, so the same feature always gets the same code.
 */
export function privateFeatureCode(family: string, name: string): SrCode {
  return code(`R${sha256Hex(new TextEncoder().encode(`${family}.${name}`)).slice(0, 12).toUpperCase()}`, PRIVATE_SCHEME, name);
}

/** Code meanings are LO (at most 64 characters). */
export function meaning(text: string): string {
  return text.length <= 64 ? text : `${text.slice(0, 61)}...`;
}
