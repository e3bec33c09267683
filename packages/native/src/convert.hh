// Conversions between JS values and what the native side works with. core validates every
// argument before it crosses; the checks here only turn a broken invariant into a TypeError.
#pragma once
#include <napi.h>

#include <cstdint>

#include "SharedState.hh"

namespace doorbell {

constexpr uint64_t kMaxSafeInteger = (uint64_t{1} << 53) - 1;

// A count as JS sees it: a number when it is exact, a bigint otherwise (core decides what to do).
inline Napi::Value CountToJs(Napi::Env env, uint64_t count) {
  if (count <= kMaxSafeInteger) return Napi::Number::New(env, static_cast<double>(count));
  return Napi::BigInt::New(env, count);
}

inline uint64_t CountFromJs(const Napi::Value& value) {
  if (value.IsBigInt()) {
    bool lossless = false;
    return value.As<Napi::BigInt>().Uint64Value(&lossless);
  }
  if (!value.IsNumber()) throw Napi::TypeError::New(value.Env(), "count must be a number or bigint");
  return static_cast<uint64_t>(value.As<Napi::Number>().DoubleValue());
}

inline int FdFromJs(const Napi::Value& value) {
  if (!value.IsNumber()) throw Napi::TypeError::New(value.Env(), "fd must be a number");
  return value.As<Napi::Number>().Int32Value();
}

inline int LaneFromJs(const Napi::Value& value) {
  int lane = value.IsNumber() ? value.As<Napi::Number>().Int32Value() : -1;
  if (lane < 0 || lane >= Coalescer::kLanes) throw Napi::RangeError::New(value.Env(), "lane must be a coalescer lane");
  return lane;
}

// The shared state word inside a doorbell's SharedArrayBuffer, seen through an Int32Array.
inline Napi::Int32Array StateArrayFromJs(const Napi::Value& value) {
  if (!value.IsTypedArray() ||
      value.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array ||
      value.As<Napi::TypedArray>().ByteLength() < SharedState::kBytes) {
    throw Napi::TypeError::New(value.Env(), "state must be a doorbell's Int32Array state");
  }
  return value.As<Napi::Int32Array>();
}

inline SharedState StateFromJs(const Napi::Value& value) {
  return SharedState(StateArrayFromJs(value).Data());
}

}  // namespace doorbell
