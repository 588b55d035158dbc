#include "ccurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CURL_ERROR_SIZE 256

// The slice of libcurl's ABI used here (stable since libcurl 7.x; see curl/curl.h).
typedef void CURL;
struct curl_slist;
typedef int CURLcode;
typedef long long curl_off_t;
enum {
    OPT_WRITEDATA = 10001, OPT_URL = 10002, OPT_PROXY = 10004, OPT_ERRORBUFFER = 10010, OPT_POSTFIELDS = 10015,
    OPT_HTTPHEADER = 10023, OPT_HEADERDATA = 10029, OPT_CUSTOMREQUEST = 10036, OPT_XFERINFODATA = 10057,
    OPT_CAINFO = 10065, OPT_CAPATH = 10097, OPT_PROTOCOLS_STR = 10318,
    OPT_WRITEFUNCTION = 20011, OPT_HEADERFUNCTION = 20079, OPT_XFERINFOFUNCTION = 20219,
    OPT_MAXFILESIZE_LARGE = 30117, OPT_POSTFIELDSIZE_LARGE = 30120,
    OPT_NOPROGRESS = 43, OPT_NOSIGNAL = 99, OPT_TIMEOUT_MS = 155, OPT_CONNECTTIMEOUT_MS = 156, OPT_PROTOCOLS = 181,
    PROTO_HTTP = 1, PROTO_HTTPS = 2,
    INFO_RESPONSE_CODE = 0x200000 + 2, GLOBAL_ALL = 3,
    E_OK = 0, E_OPERATION_TIMEDOUT = 28, E_FILESIZE_EXCEEDED = 63,
};

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, int, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    const char *(*easy_strerror)(CURLcode);
    int loaded;
    char problem[200];
} curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names && !library; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    // Studio's JupyterLab images carry libcurl in their conda environment, off the loader's path.
    const char *conda = getenv("CONDA_PREFIX");
    char path[4096];
    if (!library && conda && conda[0] && snprintf(path, sizeof path, "%s/lib/libcurl.so.4", conda) < (int)sizeof path) {
        library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    }
    if (!library) library = dlopen("/opt/conda/lib/libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(curl.problem, sizeof curl.problem,
                 "libcurl is not installed (Debian, Ubuntu: apt-get install libcurl4; Amazon Linux, Fedora: "
                 "dnf install libcurl)");
        return;
    }
#define LOAD(field, symbol) if (!(*(void **)&curl.field = dlsym(library, symbol))) { \
        snprintf(curl.problem, sizeof curl.problem, "libcurl lacks %s", symbol); return; }
    LOAD(global_init, "curl_global_init")
    LOAD(easy_init, "curl_easy_init")
    LOAD(easy_setopt, "curl_easy_setopt")
    LOAD(easy_perform, "curl_easy_perform")
    LOAD(easy_getinfo, "curl_easy_getinfo")
    LOAD(easy_cleanup, "curl_easy_cleanup")
    LOAD(slist_append, "curl_slist_append")
    LOAD(slist_free_all, "curl_slist_free_all")
    LOAD(easy_strerror, "curl_easy_strerror")
#undef LOAD
    curl.global_init(GLOBAL_ALL);
    curl.loaded = 1;
}

struct smrole_cancel_counter { _Atomic unsigned long value; };

static smrole_cancel_counter process_counter;

smrole_cancel_counter *smrole_cancel_counter_process(void) { return &process_counter; }

smrole_cancel_counter *smrole_cancel_counter_new(void) { return calloc(1, sizeof(smrole_cancel_counter)); }

void smrole_cancel_counter_free(smrole_cancel_counter *counter) {
    if (counter != &process_counter) free(counter);
}

unsigned long smrole_cancel_counter_value(const smrole_cancel_counter *counter) {
    return atomic_load(&((smrole_cancel_counter *)counter)->value);
}

void smrole_cancel_counter_move(smrole_cancel_counter *counter) { atomic_fetch_add(&counter->value, 1); }

static int is_cancelled(const smrole_http_options *options) {
    const smrole_cancel_counter *counter = options->cancel_counter ? options->cancel_counter : &process_counter;
    return smrole_cancel_counter_value(counter) != options->cancel_epoch;
}

static long long now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

typedef struct { char *data; size_t length, capacity; } buffer;

// Appends, growing geometrically so a large answer is not copied once per chunk.
static int append(buffer *b, const char *data, size_t n) {
    if (b->length + n + 1 > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 4096;
        while (capacity < b->length + n + 1) capacity *= 2;
        char *grown = realloc(b->data, capacity);
        if (!grown) return 0;
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->length, data, n);
    b->length += n;
    b->data[b->length] = 0;
    return 1;
}

// One request in flight: what it received, its caps, and why it was stopped, if it was.
typedef struct {
    buffer body, head;
    const smrole_http_options *options;
    long long last_activity_ms;
    curl_off_t last_uploaded, last_downloaded;
    int too_large_part, cancelled, stalled;
} transfer;

static size_t receive_body(char *data, size_t size, size_t count, void *context) {
    transfer *t = context;
    size_t n = size * count;
    t->last_activity_ms = now_ms();
    if (t->body.length + n > t->options->max_body_bytes) {
        t->too_large_part = 1;
        return 0;  // any count other than n stops the transfer
    }
    return append(&t->body, data, n) ? n : 0;
}

static size_t receive_header(char *data, size_t size, size_t count, void *context) {
    transfer *t = context;
    size_t n = size * count;
    t->last_activity_ms = now_ms();
    // A status line starts a new answer (after a 100 Continue or a proxy's CONNECT): keep the last one only.
    if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) t->head.length = 0;
    if (t->head.length + n > t->options->max_header_bytes) {
        t->too_large_part = 2;
        return 0;
    }
    return append(&t->head, data, n) ? n : 0;
}

// Called by libcurl at least once a second while a request is in flight, idle or not.
static int watch(void *context, curl_off_t download_total, curl_off_t downloaded, curl_off_t upload_total,
                 curl_off_t uploaded) {
    (void)download_total;
    (void)upload_total;
    transfer *t = context;
    if (is_cancelled(t->options)) {
        t->cancelled = 1;
        return 1;
    }
    long long now = now_ms();
    if (uploaded != t->last_uploaded || downloaded != t->last_downloaded) {
        t->last_uploaded = uploaded;
        t->last_downloaded = downloaded;
        t->last_activity_ms = now;
    }
    if (t->options->stall_timeout_ms > 0 && now - t->last_activity_ms >= t->options->stall_timeout_ms) {
        t->stalled = 1;
        return 1;
    }
    return 0;
}

int smrole_http_perform(const char *method, const char *url, const char *const *headers, size_t header_count,
                        const void *body, size_t body_length, const smrole_http_options *options,
                        smrole_http_response *out) {
    memset(out, 0, sizeof *out);
    if (is_cancelled(options)) {
        snprintf(out->error, sizeof out->error, "cancelled before it was sent");
        return SMROLE_HTTP_CANCELLED;
    }
    pthread_once(&once, load);
    if (!curl.loaded) {
        snprintf(out->error, sizeof out->error, "%s", curl.problem);
        return SMROLE_HTTP_NO_ANSWER;
    }
    CURL *handle = curl.easy_init();
    if (!handle) {
        snprintf(out->error, sizeof out->error, "libcurl could not start a request");
        return SMROLE_HTTP_NO_ANSWER;
    }
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < header_count; i++) list = curl.slist_append(list, headers[i]);
    list = curl.slist_append(list, "Expect:");
    transfer t = {.options = options, .last_activity_ms = now_ms()};
    char error[CURL_ERROR_SIZE] = {0};
    // libcurl reads 0 as "no limit": never pass it for a bound.
    long timeout_ms = options->timeout_ms > 0 ? options->timeout_ms : 1;
    long connect_ms = options->connect_timeout_ms > 0 && options->connect_timeout_ms < timeout_ms
        ? options->connect_timeout_ms : timeout_ms;
    curl.easy_setopt(handle, OPT_URL, url);
    curl.easy_setopt(handle, OPT_CUSTOMREQUEST, method);
    curl.easy_setopt(handle, OPT_HTTPHEADER, list);
    curl.easy_setopt(handle, OPT_NOSIGNAL, 1L);
    if (curl.easy_setopt(handle, OPT_PROTOCOLS_STR, "http,https") != E_OK) {
        curl.easy_setopt(handle, OPT_PROTOCOLS, (long)(PROTO_HTTP | PROTO_HTTPS));
    }
    curl.easy_setopt(handle, OPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_CONNECTTIMEOUT_MS, connect_ms);
    curl.easy_setopt(handle, OPT_ERRORBUFFER, error);
    // An empty proxy turns off libcurl's own reading of http_proxy and friends: the caller decides.
    curl.easy_setopt(handle, OPT_PROXY, options->proxy ? options->proxy : "");
    if (options->ca_bundle) {
        curl.easy_setopt(handle, OPT_CAINFO, options->ca_bundle);
        curl.easy_setopt(handle, OPT_CAPATH, (char *)NULL);  // the bundle replaces the system's certificates
    }
    if (body_length > 0 || strcmp(method, "GET") != 0) {
        curl.easy_setopt(handle, OPT_POSTFIELDS, body_length > 0 ? body : "");
        curl.easy_setopt(handle, OPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_length);
    }
    curl.easy_setopt(handle, OPT_MAXFILESIZE_LARGE, (curl_off_t)options->max_body_bytes);
    curl.easy_setopt(handle, OPT_WRITEFUNCTION, receive_body);
    curl.easy_setopt(handle, OPT_WRITEDATA, &t);
    curl.easy_setopt(handle, OPT_HEADERFUNCTION, receive_header);
    curl.easy_setopt(handle, OPT_HEADERDATA, &t);
    curl.easy_setopt(handle, OPT_XFERINFOFUNCTION, watch);
    curl.easy_setopt(handle, OPT_XFERINFODATA, &t);
    curl.easy_setopt(handle, OPT_NOPROGRESS, 0L);
    CURLcode code = curl.easy_perform(handle);
    int outcome = SMROLE_HTTP_ANSWERED;
    if (code == E_OK) {
        curl.easy_getinfo(handle, INFO_RESPONSE_CODE, &out->status);
        out->body = t.body.data;
        out->body_length = t.body.length;
        out->headers = t.head.data;
        out->headers_length = t.head.length;
    } else {
        if (t.cancelled) outcome = SMROLE_HTTP_CANCELLED;
        else if (t.stalled) outcome = SMROLE_HTTP_STALLED;
        else if (t.too_large_part || code == E_FILESIZE_EXCEEDED) outcome = SMROLE_HTTP_TOO_LARGE;
        else if (code == E_OPERATION_TIMEDOUT) outcome = SMROLE_HTTP_TIMED_OUT;
        else outcome = SMROLE_HTTP_NO_ANSWER;
        if (outcome == SMROLE_HTTP_TOO_LARGE) out->too_large_part = t.too_large_part ? t.too_large_part : 1;
        snprintf(out->error, sizeof out->error, "%s", error[0] ? error : curl.easy_strerror(code));
        free(t.body.data);
        free(t.head.data);
    }
    curl.slist_free_all(list);
    curl.easy_cleanup(handle);
    return outcome;
}

void smrole_http_free(smrole_http_response *response) {
    free(response->body);
    free(response->headers);
    response->body = NULL;
    response->headers = NULL;
}
