// Reference outputs of ITK's LaplacianRecursiveGaussianImageFilter (PyRadiomics' LoG, through SimpleITK, with
// NormalizeAcrossScale on) and GradientMagnitudeImageFilter (PyRadiomics' Gradient) on small synthetic images,
// for test/preprocess/filters/itk-reference.unit.test.ts. Writes JSON to stdout. Build and run with
// scripts/itk-reference/run.sh (Debian's libinsighttoolkit5-dev, ITK 5.2.1). Our own code, calling ITK.
#include <cstdio>
#include "itkImage.h"
#include "itkLaplacianRecursiveGaussianImageFilter.h"
#include "itkGradientMagnitudeImageFilter.h"
#include "itkImageRegionConstIterator.h"
#include "itkImageRegionIterator.h"

using FloatImage = itk::Image<float, 3>;
using ShortImage = itk::Image<short, 3>;

// The synthetic image (x fastest), integer valued so that both sides build it exactly:
// v = (x - 6)^2 + 2 (y - 5)^2 - 3 (z - 4)^2 + ((7 x + 13 y + 29 z) mod 11) * 5.
template <typename TImage>
typename TImage::Pointer Make(const unsigned int nx, const unsigned int ny, const unsigned int nz, const double sx, const double sy, const double sz) {
  auto image = TImage::New();
  typename TImage::SizeType size = {{nx, ny, nz}};
  typename TImage::RegionType region;
  region.SetSize(size);
  image->SetRegions(region);
  typename TImage::SpacingType spacing;
  spacing[0] = sx; spacing[1] = sy; spacing[2] = sz;
  image->SetSpacing(spacing);
  image->Allocate();
  itk::ImageRegionIterator<TImage> it(image, region);
  for (it.GoToBegin(); !it.IsAtEnd(); ++it) {
    const auto idx = it.GetIndex();
    const long x = idx[0], y = idx[1], z = idx[2];
    it.Set(static_cast<typename TImage::PixelType>((x - 6) * (x - 6) + 2 * (y - 5) * (y - 5) - 3 * (z - 4) * (z - 4) + ((7 * x + 13 * y + 29 * z) % 11) * 5));
  }
  return image;
}

void Print(const char * name, FloatImage * out, bool last) {
  std::printf("  \"%s\": [", name);
  itk::ImageRegionConstIterator<FloatImage> it(out, out->GetLargestPossibleRegion());
  bool first = true;
  for (it.GoToBegin(); !it.IsAtEnd(); ++it) {
    std::printf("%s%.9g", first ? "" : ", ", static_cast<double>(it.Get()));
    first = false;
  }
  std::printf("]%s\n", last ? "" : ",");
}

template <typename TImage>
void Log(const char * name, typename TImage::Pointer image, double sigma, bool last) {
  using Filter = itk::LaplacianRecursiveGaussianImageFilter<TImage, FloatImage>;
  auto f = Filter::New();
  f->SetInput(image);
  f->SetNormalizeAcrossScale(true);
  f->SetSigma(sigma);
  f->Update();
  Print(name, f->GetOutput(), last);
}

void Gradient(const char * name, FloatImage::Pointer image, bool useSpacing, bool last) {
  using Filter = itk::GradientMagnitudeImageFilter<FloatImage, FloatImage>;
  auto f = Filter::New();
  f->SetInput(image);
  f->SetUseImageSpacing(useSpacing);
  f->Update();
  Print(name, f->GetOutput(), last);
}

int main() {
  auto a = Make<FloatImage>(12, 10, 9, 1.0, 0.8, 1.25);
  auto b = Make<ShortImage>(12, 10, 9, 1.0, 0.8, 1.25);
  auto c = Make<FloatImage>(5, 4, 6, 0.5, 2.0, 3.0);
  std::printf("{\n  \"itk\": \"%s\",\n", ITK_VERSION_STRING);
  std::printf("  \"images\": {\"a\": {\"shape\": [12, 10, 9], \"spacing\": [1, 0.8, 1.25], \"type\": \"float32\"}, \"b\": {\"shape\": [12, 10, 9], \"spacing\": [1, 0.8, 1.25], \"type\": \"int16\"}, \"c\": {\"shape\": [5, 4, 6], \"spacing\": [0.5, 2, 3], \"type\": \"float32\"}},\n");
  Log<FloatImage>("log a sigma 1.5", a, 1.5, false);
  Log<FloatImage>("log a sigma 3", a, 3.0, false);
  Log<ShortImage>("log b sigma 1", b, 1.0, false);
  Log<FloatImage>("log c sigma 2", c, 2.0, false);
  Gradient("gradient a spacing", a, true, false);
  Gradient("gradient a voxels", a, false, false);
  Gradient("gradient c spacing", c, true, true);
  std::printf("}\n");
  return 0;
}
