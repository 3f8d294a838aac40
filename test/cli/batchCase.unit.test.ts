/**
 * RecentVolumes, the batch worker's cache of the last case's volumes and their SHA-256: a path read
 * again only when the file changed, only the current case's volumes kept, digests equal to node:crypto's.
 */
import { copyFileSync, mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { RecentVolumes } from '../../src/cli/batchCase.js';
import { readVolume, sha256 } from '../../src/node.js';

const FIX = fileURLToPath(new URL('../../fixtures', import.meta.url));
const PHANTOM = join(FIX, 'ibsi1-digital-phantom/phantom.nii.gz');
const MASK = join(FIX, 'ibsi1-digital-phantom/mask.nii.gz');
const BREAST = join(FIX, 'mri-samples/nifti/breast1_image.nii.gz');

const bytes = (v: { voxels: { data: ArrayBufferView } }) => new Uint8Array(v.voxels.data.buffer, v.voxels.data.byteOffset, v.voxels.data.byteLength);

describe('RecentVolumes', () => {
  test('the same unchanged paths give the same volumes; each equals a fresh read', () => {
    const recent = new RecentVolumes();
    const [image, mask] = recent.read([PHANTOM, MASK]);
    const [image2, mask2] = recent.read([PHANTOM, MASK]);
    expect(image2).toBe(image);
    expect(mask2).toBe(mask);
    expect(bytes(image)).toEqual(bytes(readVolume(PHANTOM)));
    expect(recent.read([MASK, MASK])).toEqual([mask, mask]);
  });

  test('a file whose size or modification time changed is read again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'radiomics-recent-'));
    const path = join(dir, 'image.nii.gz');
    copyFileSync(PHANTOM, path);
    const recent = new RecentVolumes();
    const [first] = recent.read([path]);
    copyFileSync(BREAST, path);
    const [second] = recent.read([path]);
    expect(second).not.toBe(first);
    expect(second.shape).toEqual(readVolume(BREAST).shape);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect(recent.read([path])[0]).not.toBe(second);
  });

  test('volumes not in the current case are dropped', () => {
    const recent = new RecentVolumes();
    const [image] = recent.read([PHANTOM, MASK]);
    recent.read([BREAST, MASK]);
    expect(recent.read([PHANTOM, MASK])[0]).not.toBe(image);
  });

  test('sha256 is node:crypto\'s digest of the bytes, computed again for other bytes of the same buffer', () => {
    const recent = new RecentVolumes();
    const [image] = recent.read([PHANTOM]);
    const all = bytes(image);
    expect(recent.sha256(all)).toBe(sha256(all));
    expect(recent.sha256(all)).toBe(sha256(all));
    const part = all.subarray(4);
    expect(recent.sha256(part)).toBe(sha256(part));
    expect(recent.sha256(all)).toBe(sha256(all));
  });
});
