#include "glibc_compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>

// hypot and hypotf got a new default version in glibc 2.35 (a faster implementation); the original one, from
// GLIBC_2.2.5, is still in every libm and computes the same function.
double smrole_hypot_glibc_2_2_5(double x, double y);
float smrole_hypotf_glibc_2_2_5(float x, float y);
__asm__(".symver smrole_hypot_glibc_2_2_5, hypot@GLIBC_2.2.5");
__asm__(".symver smrole_hypotf_glibc_2_2_5, hypotf@GLIBC_2.2.5");

double __wrap_hypot(double x, double y) { return smrole_hypot_glibc_2_2_5(x, y); }

float __wrap_hypotf(float x, float y) { return smrole_hypotf_glibc_2_2_5(x, y); }

// arc4random arrived in glibc 2.36 (libstdc++'s std::random_device uses it when it is built against one); the
// kernel's getrandom, in glibc since 2.25, gives the same unpredictable bits.
uint32_t __wrap_arc4random(void) {
    uint32_t value;
    for (;;) {
        ssize_t got = getrandom(&value, sizeof value, 0);
        if (got == (ssize_t)sizeof value) return value;
        if (got < 0 && errno != EINTR) {
            // arc4random cannot fail; glibc's own aborts too when the kernel gives no randomness.
            fputs("smrole: the kernel gives no random bytes (getrandom failed)\n", stderr);
            abort();
        }
    }
}
