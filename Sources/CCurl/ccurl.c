#include "ccurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The slice of libcurl's ABI used here (stable since libcurl 7.x; see curl/curl.h).
typedef void CURL;
struct curl_slist;
typedef int CURLcode;
enum {
    OPT_WRITEDATA = 10001, OPT_URL = 10002, OPT_ERRORBUFFER = 10010, OPT_POSTFIELDS = 10015,
    OPT_HTTPHEADER = 10023, OPT_HEADERDATA = 10029, OPT_CUSTOMREQUEST = 10036,
    OPT_WRITEFUNCTION = 20011, OPT_HEADERFUNCTION = 20079, OPT_POSTFIELDSIZE_LARGE = 30120,
    OPT_NOSIGNAL = 99, OPT_TIMEOUT_MS = 155, OPT_CONNECTTIMEOUT_MS = 156,
    INFO_RESPONSE_CODE = 0x200000 + 2, GLOBAL_ALL = 3,
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
    for (size_t i = 0; i < sizeof names / sizeof *names && !library; i++) library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(curl.problem, sizeof curl.problem, "libcurl is not installed (apt-get install libcurl4)");
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

typedef struct { char *data; size_t length; } buffer;

static size_t collect(char *data, size_t size, size_t count, void *context) {
    buffer *b = context;
    size_t n = size * count;
    char *grown = realloc(b->data, b->length + n + 1);
    if (!grown) return 0;
    memcpy(grown + b->length, data, n);
    b->length += n;
    grown[b->length] = 0;
    b->data = grown;
    return n;
}

int smrole_http_perform(const char *method, const char *url, const char *const *headers, size_t header_count,
                        const void *body, size_t body_length, long timeout_ms, smrole_http_response *out) {
    memset(out, 0, sizeof *out);
    pthread_once(&once, load);
    if (!curl.loaded) {
        snprintf(out->error, sizeof out->error, "%s", curl.problem);
        return -1;
    }
    CURL *handle = curl.easy_init();
    if (!handle) {
        snprintf(out->error, sizeof out->error, "libcurl could not start a request");
        return -1;
    }
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < header_count; i++) list = curl.slist_append(list, headers[i]);
    list = curl.slist_append(list, "Expect:");
    buffer received = {0}, head = {0};
    char error[256] = {0};
    curl.easy_setopt(handle, OPT_URL, url);
    curl.easy_setopt(handle, OPT_CUSTOMREQUEST, method);
    curl.easy_setopt(handle, OPT_HTTPHEADER, list);
    curl.easy_setopt(handle, OPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, OPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_ERRORBUFFER, error);
    if (body_length > 0 || strcmp(method, "GET") != 0) {
        curl.easy_setopt(handle, OPT_POSTFIELDS, body_length > 0 ? body : "");
        curl.easy_setopt(handle, OPT_POSTFIELDSIZE_LARGE, (int64_t)body_length);
    }
    curl.easy_setopt(handle, OPT_WRITEFUNCTION, collect);
    curl.easy_setopt(handle, OPT_WRITEDATA, &received);
    curl.easy_setopt(handle, OPT_HEADERFUNCTION, collect);
    curl.easy_setopt(handle, OPT_HEADERDATA, &head);
    CURLcode code = curl.easy_perform(handle);
    int result = 0;
    if (code != 0) {
        snprintf(out->error, sizeof out->error, "%s", error[0] ? error : curl.easy_strerror(code));
        free(received.data);
        free(head.data);
        result = -1;
    } else {
        curl.easy_getinfo(handle, INFO_RESPONSE_CODE, &out->status);
        out->body = received.data;
        out->body_length = received.length;
        out->headers = head.data;
        out->headers_length = head.length;
    }
    curl.slist_free_all(list);
    curl.easy_cleanup(handle);
    return result;
}

void smrole_http_free(smrole_http_response *response) {
    free(response->body);
    free(response->headers);
    response->body = NULL;
    response->headers = NULL;
}
