/**
 * Acquisition metadata of a DICOM image (scanner and protocol), for the result's provenance.
 * Classic images hold the attributes at the top level; enhanced multi-frame images hold them inside
 * functional-group macros (e.g. MR Timing and Related Parameters, CT Reconstruction), so a value not at
 * the top level is looked up in the shared, then the first per-frame, functional groups.
 */
import type { Acquisition, PixelEncoding } from '../../image/acquisition.js';
import { codecSyntax } from '../codecs/syntaxes.js';
import { TAGS, decimal, decimals, item, text, transferSyntaxName, type DataSet } from './parse.js';

/** The first data set (top level, then functional-group macros two levels down) that holds `key`. */
function holder(ds: DataSet, key: string): DataSet | null {
  if (ds.elements[key] !== undefined) return ds;
  const groups = [item(ds, TAGS.sharedFunctionalGroups), item(ds, TAGS.perFrameFunctionalGroups)];
  for (const g of groups) {
    if (g === null) continue;
    for (const el of Object.values(g.elements)) {
      for (const macro of el.items ?? []) {
        if (macro.dataSet?.elements[key] !== undefined) return macro.dataSet;
      }
    }
  }
  return null;
}

function textOf(ds: DataSet, key: string): string | null {
  const h = holder(ds, key);
  return h === null ? null : text(h, key);
}

function numberOf(ds: DataSet, key: string): number | null {
  const h = holder(ds, key);
  if (h === null) return null;
  const el = h.elements[key];
  // FD in enhanced macros (e.g. Effective Echo Time) when the VR says so; DS/IS otherwise.
  if (el.vr === 'FD' && el.length >= 8) return h.double(key) ?? null;
  return decimal(h, key);
}

/** Acquisition metadata from the first slice (or the multi-frame file) of a series. */
export function acquisitionOf(ds: DataSet): Acquisition {
  const ps = (() => {
    const h = holder(ds, TAGS.pixelSpacing);
    const v = h === null ? [] : decimals(h, TAGS.pixelSpacing);
    return v.length === 2 && v.every(Number.isFinite) ? ([v[0], v[1]] as const) : null;
  })();
  return {
    modality: text(ds, TAGS.modality),
    manufacturer: text(ds, TAGS.manufacturer),
    model: text(ds, TAGS.model),
    magneticFieldStrength: numberOf(ds, TAGS.magneticFieldStrength),
    sequenceName: textOf(ds, TAGS.sequenceName) ?? textOf(ds, TAGS.pulseSequenceName),
    repetitionTime: numberOf(ds, TAGS.repetitionTime),
    echoTime: numberOf(ds, TAGS.echoTime) ?? numberOf(ds, TAGS.effectiveEchoTime),
    inversionTime: numberOf(ds, TAGS.inversionTime),
    flipAngle: numberOf(ds, TAGS.flipAngle),
    sliceThickness: numberOf(ds, TAGS.sliceThickness),
    pixelSpacing: ps,
    convolutionKernel: textOf(ds, TAGS.convolutionKernel),
    kvp: numberOf(ds, TAGS.kvp),
    seriesDescription: text(ds, TAGS.seriesDescription),
    seriesInstanceUid: text(ds, TAGS.seriesInstanceUid),
    frameOfReferenceUid: text(ds, TAGS.frameOfReferenceUid),
    pixelEncoding: pixelEncodingOf(ds),
  };
}

/** Transfer syntax and lossy compression of a data set (see PixelEncoding). */
export function pixelEncodingOf(ds: DataSet): PixelEncoding {
  const uid = text(ds, TAGS.transferSyntax) ?? '1.2.840.10008.1.2';
  const flag = text(ds, TAGS.lossyImageCompression);
  return {
    transferSyntaxUid: uid,
    transferSyntax: transferSyntaxName(uid),
    lossy: flag === '01' || (codecSyntax(uid)?.lossy === true && flag !== '00'),
    lossyCompressionRatio: decimal(ds, TAGS.lossyImageCompressionRatio),
    lossyCompressionMethod: text(ds, TAGS.lossyImageCompressionMethod)?.split('\\')[0] ?? null,
  };
}
