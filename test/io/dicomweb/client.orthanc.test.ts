/**
 * The DICOMweb client against a real Orthanc with its DICOMweb plugin (test/helpers/orthanc.ts): STOW-RS
 * of the CT phantom with its RTSTRUCT and of the axial series with its RTSTRUCT and SEG, QIDO-RS finds
 * them, WADO-RS gives back the bytes uploaded, and an extraction over DICOMweb equals the extraction of the
 * same files read from disk.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDicomwebClient, dicomJsonText, extract, isRadiomicsError, readDicomSeriesFromBuffers, retrieveSegmentationCase, searchAllSeries, segmentationMask, segmentationParts, type DicomwebClient } from '../../../src/index.js';
import { readDicomSeries, readRtstructMask, readSegMask } from '../../../src/node.js';
import { DICOMWEB_FIXTURES as F, ORTHANC_AUTHORIZATION, dicomwebFixtureFiles, orthancMissing, startOrthanc, type OrthancServer } from '../../helpers/orthanc.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const missing = orthancMissing();
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.skipIf(missing !== null)(`DICOMweb client against Orthanc${missing === null ? '' : ` (skipped: ${missing})`}`, () => {
  let orthanc: OrthancServer;
  let client: DicomwebClient;
  const files = dicomwebFixtureFiles();

  beforeAll(async () => {
    orthanc = await startOrthanc();
    client = createDicomwebClient({ url: orthanc.dicomweb, authorization: () => ORTHANC_AUTHORIZATION, retry: { retries: 1, timeoutMs: 30_000 } });
  }, 60_000);
  afterAll(async () => {
    await orthanc?.close();
  });

  test('storeInstances (STOW-RS) stores every fixture file', async () => {
    const result = await client.storeInstances(files.map(([, b]) => b));
    expect(result.failed).toEqual([]);
    expect(result.stored.length).toBe(files.length);
  });

  test('searchStudies / searchSeries (QIDO-RS) find the studies and the segmentation series by modality', async () => {
    // Orthanc lists a study once per patient: the axial fixtures' SEG carries another Patient ID than the slices.
    const studies = [...new Set((await client.searchStudies()).map((s) => dicomJsonText(s, '0020000D')))].sort();
    expect(studies).toEqual([F.axialStudy, F.ctStudy].sort());
    const rtstructs = (await client.searchSeries({ Modality: 'RTSTRUCT' })).map((s) => dicomJsonText(s, '0020000E')).sort();
    expect(rtstructs).toEqual([F.axialRtstructSeries, F.ctRtstructSeries].sort());
    const segs = await client.searchSeries({ Modality: 'SEG' }, F.axialStudy);
    expect(segs.map((s) => dicomJsonText(s, '0020000E'))).toEqual([F.segSeries]);
    expect(await client.searchSeries({ Modality: 'MG' })).toEqual([]);
    const ct = await client.searchInstances({}, F.ctStudy, F.ctSeries);
    expect(ct.length).toBe(60);
  });

  test('searchAllSeries pages with limit / offset: pages of 1 find every series', async () => {
    const all = (await searchAllSeries(client, {}, { pageSize: 1 })).map((s) => dicomJsonText(s, '0020000E')).sort();
    expect(all).toEqual([F.ctSeries, F.ctRtstructSeries, F.axialSeries, F.axialRtstructSeries, F.segSeries].sort());
    const rtstructs = await searchAllSeries(client, { Modality: 'RTSTRUCT' }, { pageSize: 1 });
    expect(rtstructs.map((s) => dicomJsonText(s, '0020000E')).sort()).toEqual([F.axialRtstructSeries, F.ctRtstructSeries].sort());
  });

  test('retrieveSeries (WADO-RS) gives back the bytes uploaded', async () => {
    const uploaded = new Set(files.map(([, b]) => sha(b)));
    for (const [study, series, n] of [[F.ctStudy, F.ctSeries, 60], [F.axialStudy, F.axialSeries, 4], [F.axialStudy, F.segSeries, 1]] as const) {
      const back = await client.retrieveSeries(study, series);
      expect(back.length).toBe(n);
      for (const b of back) expect(uploaded.has(sha(b))).toBe(true);
    }
  });

  test.each([
    ['rle', 'RLE Lossless', '1.2.826.0.1.3680043.10.1559.7.3.9'],
    ['deflate', 'deflated explicit little endian', '1.2.826.0.1.3680043.10.1559.7.3.7'],
    ['big-endian', 'explicit big endian', '1.2.826.0.1.3680043.10.1559.7.3.6'],
  ])('a %s series (%s) comes back as stored and reads as the local files do', async (folder, _syntax, series) => {
    const paths = ['0', '1', '2', '3'].map((i) => `${ROOT}fixtures/dicom/${folder}/${folder === 'rle' ? 'r' : folder === 'deflate' ? 'd' : 'be'}${i}.dcm`);
    const local = paths.map((p) => new Uint8Array(readFileSync(p)));
    expect((await client.storeInstances(local)).failed).toEqual([]);
    const back = await client.retrieveSeries(F.axialStudy, series);
    expect(back.map(sha).sort()).toEqual(local.map(sha).sort());
    const remote = readDicomSeriesFromBuffers(back);
    const disk = readDicomSeries(paths);
    expect(Array.from(remote.voxels.data)).toEqual(Array.from(disk.voxels.data));
  });

  test('retrieveInstance, retrieveFrames and metadata', async () => {
    const [first] = await client.searchInstances({ limit: 1 }, F.ctStudy, F.ctSeries);
    const sop = dicomJsonText(first, '00080018');
    const instance = await client.retrieveInstance(F.ctStudy, F.ctSeries, sop);
    expect(files.some(([, b]) => sha(b) === sha(instance))).toBe(true);
    const [meta] = await client.retrieveInstanceMetadata(F.ctStudy, F.ctSeries, sop);
    const rows = Number(dicomJsonText(meta, '00280010'));
    const columns = Number(dicomJsonText(meta, '00280011'));
    const [frame] = await client.retrieveFrames(F.ctStudy, F.ctSeries, sop, [1]);
    expect(frame.length).toBe(rows * columns * 2);
    // The frame is the file's Pixel Data: its last bytes end the file (Pixel Data is the last element).
    expect(sha(frame)).toBe(sha(instance.subarray(instance.length - frame.length)));
    expect((await client.retrieveSeriesMetadata(F.ctStudy, F.ctSeries)).length).toBe(60);
  });

  test('a request without credentials is DicomwebHttpError 401 and is not retried', async () => {
    const anonymous = createDicomwebClient({ url: orthanc.dicomweb, retry: { retries: 3 }, sleep: async () => {} });
    const error = await anonymous.searchStudies().catch((e: unknown) => e);
    expect(isRadiomicsError(error, 'DicomwebHttpError')).toBe(true);
    expect((error as { detail: { status: number; attempts: number } }).detail).toMatchObject({ status: 401, attempts: 1 });
  });

  test('an unknown series is DicomwebHttpError 404', async () => {
    const error = await client.retrieveSeries(F.ctStudy, '1.2.3.4').catch((e: unknown) => e);
    expect(isRadiomicsError(error, 'DicomwebHttpError')).toBe(true);
    expect((error as { detail: { status: number } }).detail.status).toBe(404);
  });

  test('extraction over DICOMweb equals local extraction: CT phantom RTSTRUCT "GTV-1" (referenced series)', async () => {
    const c = await retrieveSegmentationCase(client, F.ctStudy, F.ctRtstructSeries);
    expect([c.maskModality, c.imageSeries, c.imageFiles.length]).toEqual(['RTSTRUCT', F.ctSeries, 60]);
    expect(segmentationParts(c.mask).map((p) => (p.kind === 'RTSTRUCT' ? p.roi : p.segment))).toContain('GTV-1');
    const image = readDicomSeriesFromBuffers(c.imageFiles);
    const remote = extract(image, segmentationMask(c, image, { roi: 'GTV-1' }), {}, { preset: 'ibsi1-A' });
    const localImage = readDicomSeries(F.ctImage);
    const local = extract(localImage, readRtstructMask(F.ctRtstruct, localImage, 'GTV-1'), {}, { preset: 'ibsi1-A' });
    expect(remote.features).toEqual(local.features);
    expect(remote.provenance.image.sha256).toBe(local.provenance.image.sha256);
  }, 120_000);

  test('extraction over DICOMweb equals local extraction: SEG segment 1 (no series reference; four series in its frame of reference: MultipleSeries, then named)', async () => {
    // The SEG names no series; the axial series and its RLE / deflate / big-endian copies share its frame of reference.
    const error = await retrieveSegmentationCase(client, F.axialStudy, F.segSeries).catch((e: unknown) => e);
    expect(isRadiomicsError(error, 'MultipleSeries')).toBe(true);
    expect((error as { detail: { series: string[] } }).detail.series.length).toBe(4);
    const c = await retrieveSegmentationCase(client, F.axialStudy, F.segSeries, { imageSeries: F.axialSeries });
    expect([c.maskModality, c.imageSeries, c.imageFiles.length]).toEqual(['SEG', F.axialSeries, 4]);
    expect(segmentationParts(c.mask)).toEqual([
      { kind: 'SEG', segment: 1, label: 'tumour' },
      { kind: 'SEG', segment: 2, label: 'necrosis' },
    ]);
    const image = readDicomSeriesFromBuffers(c.imageFiles);
    const config = { families: ['stat', 'ih'] } as const;
    const remote = extract(image, segmentationMask(c, image, { segment: 1 }), config);
    const localImage = readDicomSeries(F.axialImage);
    const local = extract(localImage, readSegMask(F.seg, localImage, 1), config);
    expect(remote.features).toEqual(local.features);
  }, 60_000);
});
