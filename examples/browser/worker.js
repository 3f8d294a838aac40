// @ts-check
/**
 * Extraction off the main thread: the page posts the picked File objects (structured-cloneable), this
 * module worker reads and extracts them and posts back the result as JSON text. A module worker does not
 * see the page's import map, so the bundle is imported by its path.
 */
import * as radiomics from '../../dist/browser/radiomics.js';
import { readVolumeFile } from './read.js';

self.onmessage = async (/** @type {MessageEvent} */ event) => {
  const { image, mask, label, preset } = event.data;
  try {
    const t0 = performance.now();
    const volume = await readVolumeFile(radiomics, image);
    const maskVolume = await readVolumeFile(radiomics, mask);
    const result = radiomics.extract(volume, { volume: maskVolume, label }, {}, { preset, imageFile: image.name, maskFile: mask.name });
    self.postMessage({ json: radiomics.toJson(result), ms: performance.now() - t0 });
  } catch (e) {
    self.postMessage({ error: { code: /** @type {any} */ (e).code ?? 'Error', message: String(/** @type {Error} */ (e).message ?? e) } });
  }
};
