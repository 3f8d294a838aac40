"""
Reference outputs of PyRadiomics' own image-type functions (radiomics/imageoperations.py: getWaveletImage,
getLBP3DImage) on small synthetic images, for test/preprocess/filters/pyradiomics-synthetic.unit.test.ts.
Our own script: it imports PyRadiomics' imageoperations.py from a PyRadiomics checkout and calls it.

    /usr/bin/python3 scripts/pyradiomics-synthetic/generate.py <pyradiomics checkout> > fixtures/pyradiomics-synthetic/image-types.json

Made with Debian 12's python3-numpy 1.24.2, python3-scipy 1.10.1 and python3-pywt 1.1.1 and PyRadiomics at
commit 8ed579383b44806651c463d5e691f3b2b57522ab. SimpleITK and trimesh were not installable there, so two
stand-ins are installed as modules first (the way the PyRadiomics reference values were made, see
../shared/pyradiomics-reference/README.md):
- SimpleITK: an Image holding a numpy array (z, y, x) with GetArrayFromImage / GetImageFromArray /
  CopyInformation / GetDimension / GetSize / GetSpacing, which is all these two functions use.
- trimesh.creation.icosphere(subdivisions, radius): trimesh's construction (the icosahedron of trimesh's
  creation.json, (+-a, +-b, 0), (0, +-a, +-b), (+-b, 0, +-a), a = 0.5257311121191336, b = 0.85065080835204;
  each subdivision adds the midpoint of every edge, then every vertex is moved to the radius); only the
  vertex set matters to getLBP3DImage (its sums and kurtosis run over the vertices).
"""
import importlib.util
import itertools
import json
import sys
import types

import numpy as np


class Image:
    def __init__(self, array):
        self.array = np.asarray(array)
        self.spacing = (1.0, 1.0, 1.0)

    def GetDimension(self):
        return self.array.ndim

    def GetSize(self):
        return tuple(reversed(self.array.shape))

    def GetSpacing(self):
        return self.spacing

    def CopyInformation(self, other):
        self.spacing = other.spacing


sitk = types.ModuleType('SimpleITK')
sitk.GetArrayFromImage = lambda image: image.array.copy()
sitk.GetImageFromArray = lambda array: Image(array)
sys.modules['SimpleITK'] = sitk


def icosphere(subdivisions=1, radius=1.0):
    a, b = 0.5257311121191336, 0.85065080835204
    vertices = [np.array(v, dtype=np.float64) for s in (-1, 1) for t in (-1, 1) for v in ((s * a, t * b, 0), (0, s * a, t * b), (t * b, 0, s * a))]
    edge = min(np.linalg.norm(vertices[0] - v) for v in vertices[1:])
    faces = [f for f in itertools.combinations(range(12), 3) if all(abs(np.linalg.norm(vertices[i] - vertices[j]) - edge) < 1e-9 for i, j in itertools.combinations(f, 2))]
    for _ in range(subdivisions):
        mids = {}

        def mid(i, j):
            key = (min(i, j), max(i, j))
            if key not in mids:
                mids[key] = len(vertices)
                vertices.append((vertices[i] + vertices[j]) / 2)
            return mids[key]

        new_faces = []
        for f in faces:
            ab, bc, ca = mid(f[0], f[1]), mid(f[1], f[2]), mid(f[2], f[0])
            new_faces += [(f[0], ab, ca), (f[1], bc, ab), (f[2], ca, bc), (ab, bc, ca)]
        faces = new_faces
        vertices = [v * (radius / np.linalg.norm(v)) for v in vertices]
    if subdivisions <= 0:
        vertices = [v * (radius / np.linalg.norm(v)) for v in vertices]
    mesh = types.SimpleNamespace(vertices=np.array(vertices))
    return mesh


trimesh = types.ModuleType('trimesh')
trimesh_creation = types.ModuleType('trimesh.creation')
trimesh_creation.icosphere = icosphere
trimesh.creation = trimesh_creation
sys.modules['trimesh'] = trimesh
sys.modules['trimesh.creation'] = trimesh_creation

spec = importlib.util.spec_from_file_location('imageoperations', f'{sys.argv[1]}/radiomics/imageoperations.py')
ops = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ops)


def synthetic(nz, ny, nx):
    """Integer voxels (x fastest when flattened): v = (x - 3)^2 + 2 (y - 2)^2 - (z - 2)^2 + 5 ((7x + 13y + 29z) mod 11)."""
    z, y, x = np.meshgrid(np.arange(nz), np.arange(ny), np.arange(nx), indexing='ij')
    return (x - 3) ** 2 + 2 * (y - 2) ** 2 - (z - 2) ** 2 + 5 * ((7 * x + 13 * y + 29 * z) % 11)


out = {'pyradiomics': '8ed579383b44806651c463d5e691f3b2b57522ab', 'pywt': __import__('pywt').__version__, 'scipy': __import__('scipy').__version__, 'numpy': np.__version__, 'wavelet': {}, 'lbp3d': {}}

# Wavelet: odd and even axes (5 x 4 x 3, x y z), every family, levels and start_level as PyRadiomics reads them.
image = Image(synthetic(3, 4, 5).astype(np.float64))
for wavelet, kwargs in [('haar', {}), ('db10', {}), ('sym4', {}), ('coif3', {}), ('bior2.2', {}), ('rbio3.1', {}), ('bior6.8', {}), ('dmey', {}), ('db2', {'start_level': 1, 'level': 2}), ('rbio1.5', {'level': 2})]:
    for decomposition, name, _ in ops.getWaveletImage(image, None, wavelet=wavelet, **kwargs):
        out['wavelet'][f'{wavelet}|{json.dumps(kwargs, sort_keys=True)}|{name}'] = decomposition.array.ravel().tolist()

# LBP3D on a 9 x 8 x 7 image with a mask of the inner voxels and one corner voxel; float64 and int16 input.
for dtype in ('float64', 'int16'):
    array = synthetic(7, 8, 9).astype(dtype)
    mask = np.zeros(array.shape, dtype=np.int16)
    mask[1:-1, 1:-1, 1:-1] = 1
    mask[0, 0, 0] = 1
    for kwargs in [{}, {'lbp3DLevels': 3, 'lbp3DIcosphereRadius': 1.5, 'lbp3DIcosphereSubdivision': 2}]:
        for result, name, _ in ops.getLBP3DImage(Image(array), Image(mask), **kwargs):
            values = np.where(mask == 1, result.array, 0.0)
            out['lbp3d'][f'{dtype}|{json.dumps(kwargs, sort_keys=True)}|{name}'] = values.ravel().tolist()
    out['lbp3d'][f'{dtype}|mask'] = mask.ravel().tolist()

json.dump(out, sys.stdout, separators=(',', ':'))
print()
