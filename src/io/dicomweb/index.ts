/** DICOMweb (PS3.18): the client, its retry policy and the multipart/related codec. Browser-safe. */
export { createDicomwebClient, dicomJsonText, type DicomwebClient, type DicomwebClientOptions, type DicomJson, type QidoQuery, type StowResult, type AuthorizationProvider } from './client.js';
export { DEFAULT_RETRY_POLICY, retryPolicy, backoffMs, retryAfterMs, type RetryPolicy, type RetryEvent } from './retry.js';
export { parseMultipart, buildMultipart, parseMediaType, type MultipartPart, type MediaType } from './multipart.js';
export { retrieveSegmentationCase, searchAllSeries, segmentationParts, segmentationMask, type SegmentationCase, type SegmentationPart } from './segmentation.js';
