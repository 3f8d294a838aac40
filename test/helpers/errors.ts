import { isRadiomicsError, type RadiomicsError } from '../../src/errors.js';

/** The RadiomicsError that `f` throws; rethrows any other error and fails when `f` throws nothing. */
export function caught(f: () => unknown): RadiomicsError {
  try {
    f();
  } catch (e) {
    if (isRadiomicsError(e)) return e;
    throw e;
  }
  throw new Error('expected a RadiomicsError');
}
