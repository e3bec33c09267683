// Conversions between JS values and what the native side works with. core validates every
// argument before it crosses; the checks here only turn a broken invariant into a TypeError.
#pragma once
#include <napi.h>

#include <cmath>
#include <cstdint>

#include "SharedState.hh"

namespace doorbell {

constexpr uint64_t kMaxSafeInteger = (uint64_t{1} << 53) - 1;

// A count as JS sees it: a number when it is exact, a bigint otherwise (core decides what to do).
inline Napi::Value CountToJs(Napi::Env env, uint64_t count) {
  if (count <= kMaxSafeInteger) return Napi::Number::New(env, static_cast<double>(count));
  return Napi::BigInt::New(env, count);
}

// A count to ring or put back: a positive integer up to 2^64-2, as a number or a bigint. core
// validates first; this refuses what would otherwise reach the protocol silently changed: 0 (it
// would set PENDING with no count behind it), a fraction, and a bigint that does not fit 64 bits
// (Uint64Value would truncate it).
inline uint64_t CountFromJs(const Napi::Value& value) {
  constexpr const char* kBadCount = "count must be a positive integer up to 2^64-2";
  uint64_t count = 0;
  if (value.IsBigInt()) {
    bool lossless = false;
    count = value.As<Napi::BigInt>().Uint64Value(&lossless);
    if (!lossless) throw Napi::RangeError::New(value.Env(), kBadCount);
  } else if (value.IsNumber()) {
    double number = value.As<Napi::Number>().DoubleValue();
    bool whole = number >= 1 && number <= static_cast<double>(kMaxSafeInteger) && std::floor(number) == number;
    if (!whole) throw Napi::RangeError::New(value.Env(), kBadCount);
    count = static_cast<uint64_t>(number);
  } else {
    throw Napi::TypeError::New(value.Env(), "count must be a number or bigint");
  }
  if (count == 0 || count == UINT64_MAX) throw Napi::RangeError::New(value.Env(), kBadCount);
  return count;
}

inline int FdFromJs(const Napi::Value& value) {
  if (!value.IsNumber()) throw Napi::TypeError::New(value.Env(), "fd must be a number");
  return value.As<Napi::Number>().Int32Value();
}

inline bool BooleanFromJs(const Napi::Value& value, const char* what) {
  if (!value.IsBoolean()) throw Napi::TypeError::New(value.Env(), what);
  return value.As<Napi::Boolean>().Value();
}

inline uint64_t PeriodFromJs(const Napi::Value& value) {
  double period = value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : 0;
  if (!(period >= 1 && period <= 1e6) || period != static_cast<double>(static_cast<uint64_t>(period))) {
    throw Napi::RangeError::New(value.Env(), "periodMicros must be a whole number of microseconds from 1 to 1000000");
  }
  return static_cast<uint64_t>(period);
}

inline int LaneFromJs(const Napi::Value& value) {
  int lane = value.IsNumber() ? value.As<Napi::Number>().Int32Value() : -1;
  if (lane < 0 || lane >= Coalescer::kLanes) throw Napi::RangeError::New(value.Env(), "lane must be a coalescer lane");
  return lane;
}

// The memory of an Int32Array of at least `bytes`, or a TypeError naming `what`. One N-API call
// (it fails for anything but a typed array): this is on the path of every ring that wakes a
// receiver.
inline int32_t* Int32DataFromJs(const Napi::Value& value, size_t bytes, const char* what) {
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(value.Env(), value, &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_int32_array || length * sizeof(int32_t) < bytes) {
    throw Napi::TypeError::New(value.Env(), what);
  }
  return static_cast<int32_t*>(data);
}

// The shared state inside a doorbell's SharedArrayBuffer, seen through an Int32Array.
inline SharedState StateFromJs(const Napi::Value& value) {
  return SharedState(Int32DataFromJs(value, SharedState::kBytes, "state must be a doorbell's Int32Array state"));
}

}  // namespace doorbell
