/**
 * Compressed series over DICOMweb: WADO-RS asks for the stored transfer syntax (transfer-syntax=*), so a
 * JPEG-LS, JPEG 2000 or HTJ2K series comes back compressed, byte for byte as stored, and reads through the
 * codecs to the same voxels as the files on disk. One Orthanc per syntax: the compressed fixtures share
 * their instance UIDs (fixtures/dicom-compressed/SOURCE.md).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createDicomwebClient, dicomJsonText, readDicomSeriesFromBuffersAsync } from '../../../src/index.js';
import { readDicomSeriesAsync } from '../../../src/node.js';
import { ORTHANC_AUTHORIZATION, orthancMissing, startOrthanc } from '../../helpers/orthanc.js';

const COMPRESSED = fileURLToPath(new URL('../../../fixtures/dicom-compressed/', import.meta.url));
const missing = orthancMissing();
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.skipIf(missing !== null)(`compressed series over DICOMweb${missing === null ? '' : ` (skipped: ${missing})`}`, () => {
  test.each([
    ['jpeg-ls-lossless', '1.2.840.10008.1.2.4.80'],
    ['jpeg2000-lossless', '1.2.840.10008.1.2.4.90'],
    ['htj2k-lossy', '1.2.840.10008.1.2.4.203'],
  ])('a %s series (%s) comes back as stored and reads to the voxels of the local files', async (folder, syntax) => {
    const paths = readdirSync(join(COMPRESSED, folder)).filter((f) => f.endsWith('.dcm')).sort().map((f) => join(COMPRESSED, folder, f));
    const local = paths.map((p) => new Uint8Array(readFileSync(p)));
    const orthanc = await startOrthanc();
    try {
      const client = createDicomwebClient({ url: orthanc.dicomweb, authorization: () => ORTHANC_AUTHORIZATION, retry: { retries: 1, timeoutMs: 30_000 } });
      expect((await client.storeInstances(local)).failed).toEqual([]);
      const [series] = await client.searchSeries({});
      const study = dicomJsonText(series, '0020000D') as string;
      const back = await client.retrieveSeries(study, dicomJsonText(series, '0020000E') as string);
      expect(back.map(sha).sort()).toEqual(local.map(sha).sort());
      const metadata = await client.retrieveSeriesMetadata(study, dicomJsonText(series, '0020000E') as string);
      expect(metadata.length).toBe(paths.length);
      const remote = await readDicomSeriesFromBuffersAsync(back);
      const disk = await readDicomSeriesAsync(paths);
      expect(remote.acquisition?.pixelEncoding?.transferSyntaxUid).toBe(syntax);
      expect(remote.acquisition?.pixelEncoding?.lossy).toBe(folder.endsWith('lossy'));
      expect(Array.from(remote.voxels.data)).toEqual(Array.from(disk.voxels.data));
    } finally {
      await orthanc.close();
    }
  }, 90_000);
});
