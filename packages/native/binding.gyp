{
  "targets": [
    {
      "target_name": "doorbell",
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      "defines": ["NAPI_VERSION=8"],
      "cflags_cc": ["-std=c++17", "-fstack-protector-strong", "-Wall", "-Wextra"],
      "conditions": [
        ["OS=='linux'", {
          "sources": ["src/binding.cc", "src/Receiver.cc", "src/linux/eventfd.cc", "src/linux/socket.cc", "src/linux/pipe.cc"]
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
