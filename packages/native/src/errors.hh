#pragma once
#include <napi.h>
#include <uv.h>

#include <string>

namespace doorbell {

// An Error whose `code` is the errno name (EMFILE, EBADF, ...) and whose message names the call.
inline Napi::Error ErrnoError(Napi::Env env, const char* call, int negativeErrno) {
  std::string message = std::string(call) + " failed: " + uv_strerror(negativeErrno);
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, uv_err_name(negativeErrno)));
  error.Set("errno", Napi::Number::New(env, negativeErrno));
  error.Set("syscall", Napi::String::New(env, call));
  return error;
}

// The same error built with the C API, for libuv callbacks: there a failing node-addon-api call
// (an environment being torn down cannot run JS) would abort the process while building the
// Napi::Error it throws. Returns nullptr when the error cannot be made.
inline napi_value RawErrnoError(napi_env env, const char* call, int negativeErrno) {
  std::string message = std::string(call) + " failed: " + uv_strerror(negativeErrno);
  napi_value text, code, error;
  if (napi_create_string_utf8(env, message.c_str(), message.size(), &text) != napi_ok ||
      napi_create_string_utf8(env, uv_err_name(negativeErrno), NAPI_AUTO_LENGTH, &code) != napi_ok ||
      napi_create_error(env, code, text, &error) != napi_ok) {
    return nullptr;
  }
  return error;
}

inline Napi::Error CodedError(Napi::Env env, const char* code, const char* message) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  return error;
}

}  // namespace doorbell
