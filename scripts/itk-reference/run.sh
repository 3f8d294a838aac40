#!/bin/sh
# Builds itk-reference.cxx against Debian's ITK (apt-get install libinsighttoolkit5-dev; 5.2.1-5+deb12u1 was used)
# and writes fixtures/itk-reference/filters.json. Not part of the build or the tests: the JSON is committed.
set -e
here=$(dirname "$0")
out=$(mktemp -d)
g++ -O1 -std=c++17 -I/usr/include/ITK-5.2 "$here/itk-reference.cxx" -o "$out/itk-reference" \
  -L/usr/lib -lITKSmoothing-5.2 -lITKImageFeature-5.2 -lITKCommon-5.2 -litksys-5.2 -litkvnl_algo-5.2 -litkvnl-5.2 -litkv3p_netlib-5.2 -lpthread
mkdir -p "$here/../../fixtures/itk-reference"
"$out/itk-reference" > "$here/../../fixtures/itk-reference/filters.json"
rm -rf "$out"
