// @ts-check
/**
 * Reads a picked file into a Volume: NIfTI or NRRD, by name, else by its first bytes. Shared by the page
 * and the worker; takes the library as an argument because import maps do not reach into workers.
 */
export async function readVolumeFile(/** @type {any} */ radiomics, /** @type {File} */ file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const lower = file.name.toLowerCase();
  if (lower.endsWith('.nhdr')) throw new Error(`${file.name}: detached NRRD headers need their data file; use a .nrrd`);
  const nrrd = lower.endsWith('.nrrd') || (!lower.endsWith('.nii') && !lower.endsWith('.nii.gz') && radiomics.isNrrd(bytes));
  return nrrd ? radiomics.readNrrd(bytes, { file: file.name }) : radiomics.readNifti(bytes, { file: file.name });
}
