/**
 * Warnings about where the image came from, as data in the result (never console output):
 * - LossyCompression: the DICOM pixel data were lossy-compressed (Acquisition.pixelEncoding.lossy);
 *   compression smooths and blocks the image, which changes texture features.
 * - NotQuantitative: an MR image without a Real World Value Mapping, discretised with a fixed bin size
 *   and no normalisation. A fixed bin width is in image units, so it presumes calibrated units (IBSI
 *   recommends fixed bin number for arbitrary units); for MR those come only from a Real World Value
 *   Mapping or a Parametric Map (ADC, T1/T2 maps). This is what "a quantitative configuration" means
 *   here: the IBSI CT presets and any config with discretisation.method fixedBinSize.
 */
import type { ExtractConfig } from './config.js';
import type { Warning } from './features/types.js';
import type { Volume } from './image/volume.js';

export function sourceWarnings(image: Volume, config: ExtractConfig): Warning[] {
  const a = image.acquisition;
  if (a === undefined) return [];
  const warnings: Warning[] = [];
  const e = a.pixelEncoding;
  if (e?.lossy === true) {
    const ratio = e.lossyCompressionRatio === null ? '' : `, ratio ${e.lossyCompressionRatio}`;
    const method = e.lossyCompressionMethod === null ? '' : `, method ${e.lossyCompressionMethod}`;
    warnings.push({ code: 'LossyCompression', message: `the image was lossy-compressed (${e.transferSyntax ?? e.transferSyntaxUid}${ratio}${method}); texture features differ from those of the original pixels` });
  }
  if (a.modality === 'MR' && (a.realWorldValueMapping ?? null) === null && config.discretisation.method === 'fixedBinSize' && config.normalisation.method === 'none') {
    warnings.push({ code: 'NotQuantitative', message: 'MR image without a Real World Value Mapping (arbitrary units) discretised with a fixed bin size and no normalisation; use fixed bin number or normalisation, or a quantitative map (ADC, T1)' });
  }
  return warnings;
}
