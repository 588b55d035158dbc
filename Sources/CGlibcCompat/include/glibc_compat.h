// Replacements for the glibc functions whose default symbol version is newer than glibc 2.34, the glibc of
// Amazon Linux 2023 and CloudShell. The release link (the Makefile's `release` target) sends every reference to
// NAME, in smrole and in the static Swift runtime, Foundation and libstdc++ it links, to __wrap_NAME here with
// `--wrap=NAME`; builds linked without it leave these unused. Tests/SmroleCLITests/SymbolVersionTests.swift
// checks the result.
#ifndef SMROLE_GLIBC_COMPAT_H
#define SMROLE_GLIBC_COMPAT_H

#include <stdint.h>

double __wrap_hypot(double x, double y);
float __wrap_hypotf(float x, float y);
uint32_t __wrap_arc4random(void);

#endif
