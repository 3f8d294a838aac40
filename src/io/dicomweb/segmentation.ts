/**
 * A segmentation (DICOM-SEG or RTSTRUCT) and the image series it was drawn on, fetched over DICOMweb:
 * exactly what an extraction needs and nothing more (the mask series, then the one referenced image
 * series). Browser-safe: bytes in, bytes out; the caller reads them with the DICOM readers of src/io/dicom.
 *
 * The image series is found, in order: (1) the series the segmentation references (SEG: Referenced Series
 * Sequence (0008,1115); RTSTRUCT: Referenced Frame of Reference > RT Referenced Study > RT Referenced
 * Series (3006,0010/0012/0014)); (2) else the one image series of the study in the segmentation's Frame of
 * Reference (0020,0052; an RTSTRUCT's from its Referenced Frame of Reference Sequence), asked by QIDO-RS; several such series are MultipleSeries (name one with
 * `imageSeries`), none is NoDicomImages.
 */
import { RadiomicsError } from '../../errors.js';
import type { Mask, Volume } from '../../image/volume.js';
import { items, parseDicomFile, text, TAGS, type DataSet } from '../dicom/parse.js';
import { listRtstructRois, rasteriseRtstruct } from '../dicom/rtstruct.js';
import { listSegments, readSegMaskFromBytes } from '../dicom/seg.js';
import { dicomJsonText, type DicomJson, type DicomwebClient, type QidoQuery } from './client.js';

/** Modalities that are not image series (never taken as the image a segmentation was drawn on). */
const NON_IMAGE_MODALITIES = new Set(['SEG', 'RTSTRUCT', 'SR', 'KO', 'PR', 'RTPLAN', 'RTDOSE', 'RTRECORD', 'DOC']);

/** One segmentation instance and its image series, as DICOM Part 10 bytes. */
export interface SegmentationCase {
  readonly study: string;
  readonly maskSeries: string;
  readonly maskModality: 'SEG' | 'RTSTRUCT';
  /** The segmentation instance. */
  readonly mask: Uint8Array;
  readonly maskSopInstanceUid: string;
  readonly imageSeries: string;
  /** The image series' instances. */
  readonly imageFiles: readonly Uint8Array[];
}

/** One part of a segmentation: a SEG segment (by number) or an RTSTRUCT ROI (by name). */
export type SegmentationPart = { readonly kind: 'SEG'; readonly segment: number; readonly label: string } | { readonly kind: 'RTSTRUCT'; readonly roi: string; readonly number: number };

/** The SEG segments or RTSTRUCT ROIs of a segmentation instance (ROIs without contours left out: nothing to extract). */
export function segmentationParts(mask: Uint8Array, name = 'segmentation'): SegmentationPart[] {
  const modality = modalityOf(parseDicomFile(mask, name).dataSet, name);
  if (modality === 'SEG') return listSegments(mask, name).map((s) => ({ kind: 'SEG', segment: s.number, label: s.label }));
  return listRtstructRois(mask, name)
    .filter((r) => r.contours > 0)
    .map((r) => ({ kind: 'RTSTRUCT', roi: r.name, number: r.number }));
}

/** The mask of one part of the case on `image` (the volume read from `imageFiles`). */
export function segmentationMask(c: SegmentationCase, image: Volume, part: { segment?: number | string; roi?: string | number }): Mask<Uint8Array> {
  const file = `series ${c.maskSeries}`;
  if (c.maskModality === 'SEG') {
    if (part.segment === undefined) throw new RadiomicsError('InvalidArgument', `${file} is a DICOM-SEG: name the segment (segment number or label)`, { option: 'segment' });
    return readSegMaskFromBytes(c.mask, image, { segment: part.segment, file });
  }
  if (part.roi === undefined) throw new RadiomicsError('InvalidArgument', `${file} is an RTSTRUCT: name the ROI`, { option: 'roi' });
  return rasteriseRtstruct(c.mask, image, { roi: part.roi, file });
}

/** Retrieves the segmentation of `maskSeries` (one instance) and the image series it was drawn on. */
export async function retrieveSegmentationCase(client: DicomwebClient, study: string, maskSeries: string, options: { imageSeries?: string } = {}): Promise<SegmentationCase> {
  const instances = await client.retrieveSeries(study, maskSeries);
  const name = `series ${maskSeries}`;
  if (instances.length !== 1) {
    throw new RadiomicsError('InvalidArgument', `${name}: a segmentation series must hold one SEG or RTSTRUCT instance, it holds ${instances.length}`, { series: maskSeries, instances: instances.length });
  }
  const mask = instances[0];
  const ds = parseDicomFile(mask, name).dataSet;
  const maskModality = modalityOf(ds, name);
  const imageSeries = options.imageSeries ?? referencedSeries(ds, maskModality)[0] ?? (await seriesInFrameOfReference(client, study, frameOfReference(ds), name));
  const imageFiles = await client.retrieveSeries(study, imageSeries);
  return { study, maskSeries, maskModality, mask, maskSopInstanceUid: text(ds, TAGS.sopInstanceUid) ?? '', imageSeries, imageFiles };
}

function modalityOf(ds: DataSet, name: string): 'SEG' | 'RTSTRUCT' {
  const modality = text(ds, TAGS.modality);
  if (modality === 'SEG' || modality === 'RTSTRUCT') return modality;
  throw new RadiomicsError('UnsupportedFormat', `${name}: not a DICOM-SEG or RTSTRUCT (modality ${modality ?? 'none'})`, { modality });
}

/** The series UIDs a SEG or RTSTRUCT names as its source. */
function referencedSeries(ds: DataSet, modality: 'SEG' | 'RTSTRUCT'): string[] {
  const uids =
    modality === 'SEG'
      ? items(ds, 'x00081115').map((s) => text(s, TAGS.seriesInstanceUid))
      : items(ds, 'x30060010').flatMap((f) => items(f, 'x30060012').flatMap((st) => items(st, 'x30060014').map((s) => text(s, TAGS.seriesInstanceUid))));
  return uids.filter((u): u is string => u !== null);
}

/** The frame of reference: (0020,0052) at the top (SEG), else the first of an RTSTRUCT's Referenced Frame of Reference Sequence. */
function frameOfReference(ds: DataSet): string | null {
  return text(ds, TAGS.frameOfReferenceUid) ?? items(ds, 'x30060010').map((f) => text(f, TAGS.frameOfReferenceUid)).find((u) => u !== null) ?? null;
}

/** The one image series of `study` in frame of reference `frame` (QIDO-RS; one instance asked per series). */
async function seriesInFrameOfReference(client: DicomwebClient, study: string, frame: string | null, name: string): Promise<string> {
  if (frame === null) throw new RadiomicsError('NoDicomImages', `${name} names neither its image series nor a frame of reference`, {});
  const candidates = (await client.searchSeries({}, study)).filter((s) => !NON_IMAGE_MODALITIES.has(dicomJsonText(s, '00080060')));
  const matching: string[] = [];
  for (const s of candidates) {
    const series = dicomJsonText(s, '0020000E');
    const [first] = await client.searchInstances({ limit: 1, includefield: '00200052' }, study, series);
    if (first !== undefined && dicomJsonText(first, '00200052') === frame) matching.push(series);
  }
  if (matching.length === 0) throw new RadiomicsError('NoDicomImages', `${name}: no image series of study ${study} is in its frame of reference ${frame}`, { study, frameOfReferenceUid: frame });
  if (matching.length > 1) throw new RadiomicsError('MultipleSeries', `${name}: ${matching.length} image series of study ${study} are in its frame of reference: ${matching.join(', ')}; name one`, { series: matching });
  return matching[0];
}

/**
 * Every series matching `query` (QIDO-RS), page by page with limit / offset: archives cap an answer (often
 * at 100 or 1000 results) and say so only in a Warning header. Stops at a short page, or at a page that
 * brings no new series (a server that ignores offset), and after `maxPages` pages at most.
 */
export async function searchAllSeries(client: DicomwebClient, query: QidoQuery, options: { pageSize?: number; maxPages?: number } = {}): Promise<DicomJson[]> {
  const pageSize = options.pageSize ?? 500;
  const maxPages = options.maxPages ?? 10_000;
  const seen = new Set<string>();
  const all: DicomJson[] = [];
  for (let page = 0; page < maxPages; page++) {
    const found = await client.searchSeries({ ...query, limit: pageSize, offset: page * pageSize });
    const fresh = found.filter((s) => !seen.has(dicomJsonText(s, '0020000E')));
    for (const s of fresh) seen.add(dicomJsonText(s, '0020000E'));
    all.push(...fresh);
    if (found.length < pageSize || fresh.length === 0) break;
  }
  return all;
}
