#!/usr/bin/env bash
# Installs the Debian packages smrole needs to build (and the tests to run), if missing:
# ncurses headers (and static archives) for the wizard; with TEST=1 also tmux and shellcheck, and zsh, fish and
# man (groff) that the install test runs the installed completions and man page with. (libcurl is
# loaded at run time by the AWS commands, so it needs no headers.) Safe to run again.
set -euo pipefail

apt_packages=(libncurses-dev)
if [ "${TEST:-0}" = 1 ]; then apt_packages+=(tmux shellcheck zsh fish man-db); fi
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
