{
  "targets": [
    {
      "target_name": "doorbell",
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      # NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS: while node stops a worker, JS can no longer run,
      # yet a call into the addon can still land (the worker is marked stopping before V8 stops its
      # JS). Any Napi::Error thrown then (a closed receiver, a bad argument, or ObjectWrap::Unwrap
      # failing inside node-addon-api's own wrapper, before any code of ours runs) cannot be thrown
      # into JS, and without this define node-addon-api rethrows it as a C++ exception into V8:
      # std::terminate, SIGABRT for the whole process. With it, node-addon-api drops an exception
      # only when napi_throw fails with no exception pending, i.e. only when the environment is
      # shutting down; every other throw is unchanged. Catching at each of our entry points instead
      # could not cover the Unwrap and argument-conversion failures raised in node-addon-api's
      # wrappers, and every new method would need the same guard.
      "defines": ["NAPI_VERSION=8", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags_cc": ["-std=c++17", "-fstack-protector-strong", "-Wall", "-Wextra"],
      "conditions": [
        ["OS=='linux'", {
          "sources": ["src/binding.cc", "src/Receiver.cc", "src/SourceFactories.cc", "src/posix/fdio.cc",
                      "src/linux/eventfd.cc", "src/linux/fdkind.cc", "src/linux/pipe.cc", "src/linux/socket.cc",
                      "src/linux/timerfd.cc"]
        }]
      ],
      "configurations": {
        "Debug": {
          "cflags_cc": ["-fsanitize=address,undefined", "-fno-sanitize-recover=undefined", "-fno-omit-frame-pointer", "-g", "-O1"],
          "ldflags": ["-fsanitize=address,undefined"]
        }
      }
    }
  ]
}
