/**
 * Acquisition metadata carried by a volume read from DICOM and echoed in `provenance.image.acquisition`,
 * so that robustness analysis and harmonisation can group cases by scanner and protocol. Every field is
 * null when the files do not say. Units follow DICOM (times in ms, angles in degrees, lengths in mm).
 */
export interface Acquisition {
  /** (0008,0060), e.g. CT, MR, PT. */
  readonly modality: string | null;
  /** (0008,0070). */
  readonly manufacturer: string | null;
  /** (0008,1090) Manufacturer's Model Name. */
  readonly model: string | null;
  /** (0018,0087) Magnetic Field Strength, tesla (MR). */
  readonly magneticFieldStrength: number | null;
  /** (0018,0024) Sequence Name, or (0018,9005) Pulse Sequence Name in enhanced MR. */
  readonly sequenceName: string | null;
  /** (0018,0080) Repetition Time, ms. */
  readonly repetitionTime: number | null;
  /** (0018,0081) Echo Time, ms (or (0018,9082) Effective Echo Time in enhanced MR). */
  readonly echoTime: number | null;
  /** (0018,0082) Inversion Time, ms. */
  readonly inversionTime: number | null;
  /** (0018,1314) Flip Angle, degrees. */
  readonly flipAngle: number | null;
  /** (0018,0050) Slice Thickness, mm (nominal; the grid spacing comes from the slice positions). */
  readonly sliceThickness: number | null;
  /** (0028,0030) Pixel Spacing [between rows, between columns], mm. */
  readonly pixelSpacing: readonly [number, number] | null;
  /** (0018,1210) Convolution Kernel (CT reconstruction kernel). */
  readonly convolutionKernel: string | null;
  /** (0018,0060) KVP, kV (CT). */
  readonly kvp: number | null;
  /** (0008,103E) Series Description. */
  readonly seriesDescription: string | null;
  /** (0020,000E) Series Instance UID of the series the volume was built from. */
  readonly seriesInstanceUid: string | null;
  /** (0020,0052) Frame of Reference UID: RTSTRUCT and SEG masks must refer to the same one. */
  readonly frameOfReferenceUid: string | null;
  /** How the pixel data were encoded: transfer syntax and lossy compression (null when not read from DICOM). */
  readonly pixelEncoding?: PixelEncoding | null;
  /**
   * The Real World Value Mapping (0040,9096) that gave the voxel values (MR and Parametric Maps: the first
   * mapping item with Measurement Units), or null when the values are stored values after Rescale.
   */
  readonly realWorldValueMapping?: RealWorldValueMapping | null;
}

/** One Real World Value Mapping item (PS3.3 C.7.6.16.2.11): real value = stored value x slope + intercept. */
export interface RealWorldValueMapping {
  /** (0040,9210) LUT Label. */
  readonly label: string | null;
  /** (0028,3003) LUT Explanation. */
  readonly explanation: string | null;
  /** (0040,08EA) Measurement Units Code Sequence: code value (UCUM for units), scheme, meaning. */
  readonly units: { readonly code: string; readonly scheme: string | null; readonly meaning: string | null };
  readonly slope: number;
  readonly intercept: number;
}

/**
 * The encoding of the pixel data a volume was read from. `lossy` is true when Lossy Image Compression
 * (0028,2110) is "01" (the pixels were lossy-compressed at some point, whatever the syntax now), or when
 * the transfer syntax may be lossy (JPEG Baseline/Extended, JPEG-LS near-lossless, JPEG 2000, HTJ2K) and
 * (0028,2110) does not say "00". Lossy compression changes texture features: extract() then warns.
 */
export interface PixelEncoding {
  readonly transferSyntaxUid: string;
  readonly transferSyntax: string | null;
  readonly lossy: boolean;
  /** (0028,2112) Lossy Image Compression Ratio, first value. */
  readonly lossyCompressionRatio: number | null;
  /** (0028,2114) Lossy Image Compression Method, first value (e.g. ISO_10918_1, ISO_15444_1). */
  readonly lossyCompressionMethod: string | null;
}
