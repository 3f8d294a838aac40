/**
 * PyRadiomics' mesh volume and surface area (radiomics/src/cshape.c, `calculate_coefficients`; read, not
 * copied), for compat mode pyradiomics. Deviation from IBSI (and from ./mesh.ts): PyRadiomics' case table
 * (./mcTable.ts, buildPyradiomicsCaseTable, stored in ./mcCasesPyradiomics.ts) resolves an ambiguous
 * face by whether the cube's corner (x 0, y 1, z 1) is inside, so two cubes sharing a face may draw
 * different segments on it and the mesh has holes there. Its area is the sum of its triangle areas, and
 * its volume the sum of the signed tetrahedra (origin O, a, b, c) / 6 WITHOUT closing the holes, so the
 * volume depends on where O is: each hole adds the signed volume of the cone from O over it. cshape.c's
 * O is the corner of the mask cropped to the ROI bounding box and padded by one voxel (shape.py crops
 * without padDistance), i.e. the centre of the voxel one step below the ROI's bounding box on every
 * axis; we use the same O, so the value is PyRadiomics', holes included. cshape.c orders axes z, y, x;
 * that only reverses every triangle, and its table is oriented for it, so its sum is our outward one.
 *
 * Vertices are edge midpoints as in ./mesh.ts, and the vertex set (hence Maximum3DDiameter and the plane
 * diameters) is the same as ours: one point per grid edge between an ROI and a background voxel.
 */
import { maskBox } from '../../image/maskBox.js';
import type { Vec3 } from '../../image/volume.js';
import { MC_PYRADIOMICS_TRIANGLE_EDGES } from './mcCasesPyradiomics.js';
import { caseArea, caseGeometry, caseSums, type CaseGeometry, type MeshMeasures } from './mesh.js';

/** PyRadiomics' 256 cases with their geometry; a pure function of nothing, built once when the module loads. */
const PYRADIOMICS_CASES: readonly CaseGeometry[] = /* @__PURE__ */ caseGeometry(MC_PYRADIOMICS_TRIANGLE_EDGES);

/**
 * PyRadiomics' MeshVolume (signed, as cshape.c returns it) and SurfaceArea of `mask` (box, x fastest).
 * As meshMeasures: det(o + a', o + b', o + c') = det(a, b, c) / 8 + o . N / 4 per case with doubled
 * local coordinates, here with o the cube's corner relative to PyRadiomics' origin (padded index minus
 * the ROI's low corner in the box); the sums are of integers, so exact.
 */
export function pyradiomicsMeshMeasures(mask: Uint8Array, shape: Vec3, spacing: Vec3): MeshMeasures {
  const box = maskBox(mask, shape);
  if (box.count === 0) return { volume: 0, area: 0 };
  const { count, sumX, sumY, sumZ } = caseSums(mask, shape);
  const [sx, sy, sz] = spacing;
  let eightDet = 0;
  let area = 0;
  for (let p = 1; p < 255; p++) {
    if (count[p] === 0) continue;
    const c = PYRADIOMICS_CASES[p];
    const ox = sumX[p] - count[p] * box.x0;
    const oy = sumY[p] - count[p] * box.y0;
    const oz = sumZ[p] - count[p] * box.z0;
    eightDet += count[p] * c.det + 2 * (ox * c.normal[0] + oy * c.normal[1] + oz * c.normal[2]);
    area += count[p] * caseArea(c, sx, sy, sz);
  }
  return { volume: (eightDet / 48) * sx * sy * sz, area };
}
