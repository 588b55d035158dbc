#!/bin/sh
# Writes BuildVersion.swift into OUTPUT_DIR: the `git describe` of the last `v*` tag and the commit smrole is built
# from, read at build time by the BuildVersion plugin (Plugins/BuildVersion) and shown by `smrole --version`.
# Outside a git checkout, or in a clone without tags, the values it cannot know are nil and the version is the
# constant in Sources/smrole/SmroleVersion.swift. The file is rewritten only when its text changes, so an
# unchanged commit rebuilds nothing.
# Usage: build-version.sh SOURCE_DIR OUTPUT_DIR
set -u
source_dir=$1
output_dir=$2
mkdir -p "$output_dir"

quoted() { if [ -n "$1" ]; then printf '"%s"' "$1"; else printf 'nil'; fi; }

describe=$(git -C "$source_dir" describe --tags --match 'v[0-9]*' 2>/dev/null || true)
commit=$(git -C "$source_dir" rev-parse --short=12 HEAD 2>/dev/null || true)
modified=false
changes=$(git -C "$source_dir" status --porcelain --untracked-files=no 2>/dev/null | head -n 1)
if [ -n "$commit" ] && [ -n "$changes" ]; then
  modified=true
fi

text="// Written at build time by scripts/build-version.sh; not committed.
enum BuildVersion {
    static let describe: String? = $(quoted "$describe")
    static let commit: String? = $(quoted "$commit")
    static let modified = $modified
}"
target="$output_dir/BuildVersion.swift"
if [ ! -f "$target" ] || [ "$(cat "$target")" != "$text" ]; then
  printf '%s\n' "$text" > "$target.tmp" && mv "$target.tmp" "$target"
fi
