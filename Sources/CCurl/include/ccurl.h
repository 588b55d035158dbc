// HTTP through libcurl, loaded with dlopen at the first request: commands that never touch
// the network (generate, lint, the wizard until Create) do not load libcurl and the dozen
// libraries it pulls in, which would cost milliseconds on every start.
#ifndef SMROLE_CCURL_H
#define SMROLE_CCURL_H

#include <stddef.h>

// How one request ended.
typedef enum smrole_http_outcome {
    SMROLE_HTTP_ANSWERED = 0,   // an HTTP answer arrived (any status)
    SMROLE_HTTP_NO_ANSWER = 1,  // refused, reset, DNS, TLS, … (`error` says which)
    SMROLE_HTTP_TIMED_OUT = 2,  // the request's time ran out
    SMROLE_HTTP_STALLED = 3,    // no byte moved either way for `stall_timeout_ms`
    SMROLE_HTTP_TOO_LARGE = 4,  // the body or the headers passed their cap; reading stopped there
    SMROLE_HTTP_CANCELLED = 5,  // smrole_http_cancel_in_flight() was called after the request started
} smrole_http_outcome;

// A counter that cancellation moves: the process's own (Ctrl-C) or a private one (tests).
typedef struct smrole_cancel_counter smrole_cancel_counter;

typedef struct smrole_http_options {
    long timeout_ms;            // the whole request, from connecting to the last byte
    long connect_timeout_ms;    // connecting, TLS and proxy handshakes included
    long stall_timeout_ms;      // 0: no stall detection
    size_t max_body_bytes;
    size_t max_header_bytes;
    const char *ca_bundle;      // a PEM file that replaces the system's trust store; NULL: the system's
    const char *proxy;          // the proxy URL; NULL: none (libcurl's own reading of the environment is off)
    const smrole_cancel_counter *cancel_counter; // NULL: the process's
    unsigned long cancel_epoch; // the request aborts once the counter differs from this
} smrole_http_options;

typedef struct smrole_http_response {
    long status;
    char *headers;              // raw header lines of the final answer, CRLF-separated
    size_t headers_length;
    char *body;
    size_t body_length;
    int too_large_part;         // with SMROLE_HTTP_TOO_LARGE: 1 the body, 2 the headers
    char error[256];            // why the request got no answer, when it failed
} smrole_http_response;

// An smrole_http_outcome; `out` holds the answer only with SMROLE_HTTP_ANSWERED.
int smrole_http_perform(const char *method, const char *url, const char *const *headers, size_t header_count,
                        const void *body, size_t body_length, const smrole_http_options *options,
                        smrole_http_response *out);

void smrole_http_free(smrole_http_response *response);

// Cancellation of requests on the wire, from any thread (Ctrl-C): every request that started
// at an earlier value of its counter aborts within about a second; requests started afterwards
// run normally. Moving a counter is lock-free, so a signal handler may do it.
smrole_cancel_counter *smrole_cancel_counter_process(void);
smrole_cancel_counter *smrole_cancel_counter_new(void);
void smrole_cancel_counter_free(smrole_cancel_counter *counter);
unsigned long smrole_cancel_counter_value(const smrole_cancel_counter *counter);
void smrole_cancel_counter_move(smrole_cancel_counter *counter);

#endif
