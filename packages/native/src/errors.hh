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

inline Napi::Error CodedError(Napi::Env env, const char* code, const char* message) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  return error;
}

}  // namespace doorbell
