// The addon's errors, one constructor per kind, each built one way everywhere:
// - an errno error: `code` is the errno name (EMFILE, EBADF, ...), `errno` the negative errno,
//   `syscall` the call, and the message names the call;
// - ClosedError: `code` ERR_DOORBELL_CLOSED;
// - MalformedError: `code` ERR_DOORBELL_MALFORMED, a message on the fd that is not a count.
// The Raw* builders use only C API calls that report failure by status, for libuv callbacks:
// there a failing node-addon-api call (an environment being torn down cannot run JS) would throw
// a C++ exception with nothing to catch it. They return nullptr when the error cannot be made.
// The Napi::Error forms wrap the same objects, for calls from JS.
#pragma once
#include <napi.h>
#include <uv.h>

#include <string>

namespace doorbell {

namespace detail {

inline bool SetString(napi_env env, napi_value object, const char* key, const char* value) {
  napi_value text;
  return napi_create_string_utf8(env, value, NAPI_AUTO_LENGTH, &text) == napi_ok &&
         napi_set_named_property(env, object, key, text) == napi_ok;
}

inline napi_value RawCodedError(napi_env env, const char* code, const std::string& message) {
  napi_value text, codeValue, error;
  if (napi_create_string_utf8(env, message.c_str(), message.size(), &text) != napi_ok ||
      napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &codeValue) != napi_ok ||
      napi_create_error(env, codeValue, text, &error) != napi_ok) {
    return nullptr;
  }
  return error;
}

inline Napi::Error Wrap(Napi::Env env, napi_value error) {
  return error != nullptr ? Napi::Error(env, error) : Napi::Error::New(env);
}

}  // namespace detail

inline napi_value RawErrnoError(napi_env env, const char* call, int negativeErrno) {
  napi_value error = detail::RawCodedError(env, uv_err_name(negativeErrno),
                                           std::string(call) + " failed: " + uv_strerror(negativeErrno));
  napi_value number;
  if (error == nullptr || napi_create_int32(env, negativeErrno, &number) != napi_ok ||
      napi_set_named_property(env, error, "errno", number) != napi_ok ||
      !detail::SetString(env, error, "syscall", call)) {
    return nullptr;
  }
  return error;
}

inline Napi::Error ErrnoError(Napi::Env env, const char* call, int negativeErrno) {
  return detail::Wrap(env, RawErrnoError(env, call, negativeErrno));
}

inline Napi::Error ClosedError(Napi::Env env) {
  return detail::Wrap(env, detail::RawCodedError(env, "ERR_DOORBELL_CLOSED", "the doorbell is closed"));
}

inline napi_value RawMalformedError(napi_env env, int messages) {
  return detail::RawCodedError(env, "ERR_DOORBELL_MALFORMED",
                               std::to_string(messages) +
                                   " malformed message(s) on the doorbell's fd (not 8 bytes) were skipped");
}

inline Napi::Error MalformedError(Napi::Env env, int messages) {
  return detail::Wrap(env, RawMalformedError(env, messages));
}

}  // namespace doorbell
