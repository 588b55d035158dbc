#!/usr/bin/env bash
# Links the C/C++ archives that the release binary takes in statically into one folder, which the release build
# searches before the system's library folders: `-lstdc++` (the Swift runtime's and Foundation's C++ library) and
# `-lncursesw -ltinfo` (the wizard) then find these archives, not the shared libraries, so the binary does not
# need the libstdc++ or ncurses of the machine it is copied to (CloudShell and Amazon Linux 2023 have GCC 11's
# libstdc++). Safe to run again.
# Usage: static-libs.sh FOLDER
set -euo pipefail
folder=$1
mkdir -p "$folder"
for archive in libstdc++.a libncursesw.a libtinfo.a; do
  path=$(${CC:-cc} -print-file-name="$archive")
  if [ ! -f "$path" ]; then
    echo "static-libs: $archive is not installed (libstdc++-dev, libncurses-dev: scripts/install-build-deps.sh)" >&2
    exit 1
  fi
  ln -sfn "$path" "$folder/$archive"
done
