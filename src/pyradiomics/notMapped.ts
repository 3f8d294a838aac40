/**
 * PyRadiomics settings (or values of them) that parsePyradiomicsParams reports as not mapped, because
 * reproducing them is impossible here or not implemented, each with the reason. Source of the "Settings
 * not mapped" table of docs/pyradiomics.md; test/pyradiomics/params.examples.test.ts checks that PyRadiomics'
 * example parameter files report nothing else.
 */
export const PYRADIOMICS_SETTINGS_NOT_MAPPED: Readonly<Record<string, { readonly when: string; readonly reason: string }>> = {
  'setting.interpolator': {
    when: 'any SimpleITK interpolator other than sitkNearestNeighbor, sitkLinear and sitkBSpline (sitkGaussian, sitkLabelGaussian and the windowed sincs)',
    reason: 'not implemented: ITK kernels (Gaussian with its variance and cut-off, windowed sinc of radius 5 with its windows) we have not reproduced; sitkLinear is used and the report names it.',
  },
  'setting.force2Ddimension': {
    when: '1 or 2 (slices along y or x)',
    reason: 'our 2D and 2.5D aggregations take slices along z (the third index axis) only; z slices are used.',
  },
  'setting.label_channel': {
    when: 'any channel other than 0',
    reason: 'impossible with our readers: masks are read as label maps of one channel (NIfTI, NRRD; DICOM SEG segments are chosen by label), so no vector (multi-channel) segmentation is ever read; split it into label maps first.',
  },
  'setting.distances': {
    when: 'a list that is not 1, 2, ..., n, for NGTDM and GLDM only (GLCM maps every list)',
    reason: "PyRadiomics' NGTDM / GLDM neighbourhood is the offsets at exactly the listed distances (a shell without the nearer voxels); ours is the full cube up to the largest distance.",
  },
};
