import { statSync } from 'node:fs';
import { csvTable, extractMany, type ConfigInput, type Volume } from '../index.js';
import { createCodecLoader } from '../index.js';
import { readVolume, readVolumeAsync, sha256 } from '../node.js';
import { csvLine } from './csv.js';
import type { ManifestCase } from './manifest.js';

/** A finished case as the batch command keeps it: its output row as one CSV line, and its error. */
export interface CaseRow {
  readonly header: readonly string[];
  readonly line: string;
  /** Null when the case succeeded. */
  readonly error: { readonly code: string; readonly message: string } | null;
}

/**
 * The volumes of the case a worker ran last, by path, with the SHA-256 of their voxels. Manifests often
 * hold several rows per scan (one per ROI: another mask, or another label of the same mask), and the
 * pool gives consecutive rows of one image to the same worker (pool.ts), so each file is read and hashed
 * once per run of rows instead of once per row: for a 256 x 256 x 128 float32 image, reading (~20 ms)
 * and hashing (~35 ms) were a third of a 30k-voxel case. A path is read again when its size or
 * modification time changed. Only the current case's volumes are kept: a new file is read after the
 * old ones are dropped, so memory stays at one case's.
 */
export class RecentVolumes {
  private readonly volumes = new Map<string, { readonly stamp: string; readonly volume: Volume }>();
  /** Digest of each cached volume's voxel buffer (the bytes extract() hashes), by buffer. */
  private readonly digests = new WeakMap<ArrayBufferLike, { readonly offset: number; readonly length: number; readonly hex: string }>();

  /** One codec loader for the worker's life: each codec is loaded once, on the first case that needs it. */
  private readonly codecs = createCodecLoader();

  /**
   * Reads the paths not cached (or changed on disk) through readVolumeAsync, which decodes compressed
   * DICOM, into the cache, so that read() then finds them. A path that fails is left out: read() reads it
   * again and its error becomes the case's row.
   */
  async preload(paths: readonly string[]): Promise<void> {
    // The previous case's volumes that this case does not use go first, as in read(): one case in memory.
    for (const path of this.volumes.keys()) if (!paths.includes(path)) this.volumes.delete(path);
    for (const path of new Set(paths)) {
      const stamp = stampOf(path);
      if (stamp === null || this.volumes.get(path)?.stamp === stamp) continue;
      try {
        this.volumes.set(path, { stamp, volume: await readVolumeAsync(path, { codecs: this.codecs }) });
      } catch {
        this.volumes.delete(path);
      }
    }
  }

  /** The volumes at these paths: cached ones if unchanged on disk, the others read (readVolume). */
  read(paths: readonly string[]): Volume[] {
    const stamps = paths.map(stampOf);
    for (const [path, entry] of this.volumes) {
      const k = paths.indexOf(path);
      if (k === -1 || stamps[k] !== entry.stamp) this.volumes.delete(path);
    }
    return paths.map((path, k) => {
      const hit = this.volumes.get(path);
      if (hit !== undefined) return hit.volume;
      const volume = readVolume(path);
      // An unreadable stamp (missing file: readVolume has thrown already) is never stored.
      if (stamps[k] !== null) this.volumes.set(path, { stamp: stamps[k], volume });
      return volume;
    });
  }

  /** extract()'s `sha256` option: node:crypto, once per cached voxel buffer. */
  readonly sha256 = (bytes: Uint8Array): string => {
    const known = this.digests.get(bytes.buffer);
    if (known !== undefined && known.offset === bytes.byteOffset && known.length === bytes.byteLength) return known.hex;
    const hex = sha256(bytes);
    this.digests.set(bytes.buffer, { offset: bytes.byteOffset, length: bytes.byteLength, hex });
    return hex;
  };
}

/**
 * Size and modification time of a file or folder (DICOM series), or null when it cannot be read. A
 * folder's own time changes when slices are added or removed, not when one is rewritten in place.
 */
function stampOf(path: string): string | null {
  try {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}

/**
 * Reads and extracts one manifest case (through extractMany, so a failure becomes a row with its error
 * code and message). Every case runs this in a worker thread, whatever the number of jobs, so the rows
 * are byte-identical for any --jobs. `recent`: the worker's cache of the last case's volumes.
 */
export async function runCase(c: ManifestCase, config: ConfigInput, preset: string | undefined, recent: RecentVolumes): Promise<CaseRow> {
  await recent.preload([c.image, c.mask]);
  const [outcome] = extractMany(
    [
      {
        id: c.id,
        extra: c.extra,
        load: () => {
          // The manifest reader has checked the label (a finite number).
          const [image, mask] = recent.read([c.image, c.mask]);
          return { image, mask: { volume: mask, label: c.label }, options: { imageFile: c.image, maskFile: c.mask, sha256: recent.sha256 } };
        },
      },
    ],
    config,
    { preset },
  );
  const table = csvTable([outcome], { errorColumns: true });
  return { header: table.header, line: csvLine(table.rows[0]), error: outcome.error ?? null };
}
