// libcurl, the clients' HTTP. curl_easy_setopt and curl_easy_getinfo are variadic,
// which Swift cannot call: these typed wrappers stand in for the calls the client makes.
#include <curl/curl.h>

typedef size_t (*ferry_curl_data_callback)(char *, size_t, size_t, void *);
typedef int (*ferry_curl_progress_callback)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t);

static inline CURLcode ferry_curl_set_long(CURL *curl, CURLoption option, long value) {
    return curl_easy_setopt(curl, option, value);
}

static inline CURLcode ferry_curl_set_pointer(CURL *curl, CURLoption option, void *value) {
    return curl_easy_setopt(curl, option, value);
}

static inline CURLcode ferry_curl_set_data_callback(CURL *curl, CURLoption option, ferry_curl_data_callback callback) {
    return curl_easy_setopt(curl, option, callback);
}

static inline CURLcode ferry_curl_set_progress_callback(CURL *curl, ferry_curl_progress_callback callback) {
    return curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, callback);
}

static inline long ferry_curl_response_code(CURL *curl) {
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    return code;
}
