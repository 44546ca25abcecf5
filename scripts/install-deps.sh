#!/usr/bin/env bash
# Installs the Debian 12 packages Mensa Studio needs to build, test and run. Idempotent; run as root.
set -euo pipefail
PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-svg-dev libqt6svg6 libgl1-mesa-dev libqcustomplot-dev
  libgraphviz-dev graphviz
  libprotobuf-dev protobuf-compiler libonnx-dev libonnx-testdata
  libgtest-dev libgmock-dev libbenchmark-dev
  libdlib-dev libblas-dev liblapack-dev libnlopt-cxx-dev
  qt6-qpa-plugins xvfb xauth fonts-dejavu-core
  clang libclang-rt-14-dev clang-format
  time locales
  munge slurm-wlm
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "install-deps: all ${#PACKAGES[@]} packages present"
