/**
 * DICOM SR (TID 1500 Measurement Report) of extraction results: the room's public surface.
 *   srSourcesFromDicom(image, segmentation) -> SrSources       what the SR needs from the inputs (sources.ts)
 *   toDicomSr(result, sources, options?)    -> Part 10 bytes   Enhanced SR, TID 1500 (write.ts)
 *   toDicomSrMany([{ result, segmentation }], sources)      several ROIs of one series, one group each
 *   readDicomSr(bytes, file?)               -> DicomSrContent  features back exactly, references, config (read.ts)
 *   srConfigHash(config)                    -> hex SHA-256 of the config's canonical JSON (the "Configuration hash")
 * Codes and units are data (codes.ts, units.ts); content items are data encoded in one place (content.ts).
 */
export { CODING_SCHEMES, DCM, IBSI_SCHEME, PRIVATE, PRIVATE_SCHEME, type SrCode } from './codes.js';
export { type SrContentItem, type SrRelationship } from './content.js';
export { readDicomSr, type DicomSrContent, type DicomSrGroup } from './read.js';
export { RT_STRUCTURE_SET_STORAGE, SEGMENTATION_STORAGE, srSourcesFromDicom, type SrImageSeries, type SrInstanceRef, type SrPatientStudy, type SrRtstructSource, type SrSegSource, type SrSegmentationSource, type SrSources } from './sources.js';
export { FAMILY_UNITS, FEATURE_UNITS, type UnitKind } from './units.js';
export { ENHANCED_SR_STORAGE, canonicalJson, srConfigHash, toDicomSr, toDicomSrMany, type SrMeasurement, type SrOptions } from './write.js';
