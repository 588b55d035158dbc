// HTTP through libcurl, loaded with dlopen at the first request: commands that never touch
// the network (generate, lint, the wizard until Create) do not load libcurl and the dozen
// libraries it pulls in, which would cost milliseconds on every start.
#ifndef SMROLE_CCURL_H
#define SMROLE_CCURL_H

#include <stddef.h>

typedef struct smrole_http_response {
    long status;
    char *headers;       // raw header lines, CRLF-separated
    size_t headers_length;
    char *body;
    size_t body_length;
    char error[256];     // why the request got no answer, when it failed
} smrole_http_response;

// 0 when the request got an HTTP answer (any status); -1 otherwise, with `error` set.
int smrole_http_perform(const char *method, const char *url, const char *const *headers, size_t header_count,
                        const void *body, size_t body_length, long timeout_ms, smrole_http_response *out);

void smrole_http_free(smrole_http_response *response);

#endif
