{
  "targets": [
    {
      "target_name": "berkeley_sockets",
      "sources": [
        "native/binding.cc",
        "native/constants.cc",
        "native/hostent.cc",
        "native/io.cc",
        "native/layout.cc",
        "native/libc.cc",
        "native/msg.cc",
        "native/netdb.cc",
        "native/poll.cc",
        "native/socket.cc",
        "native/sockopt.cc",
        "native/watch.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "_GNU_SOURCE"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-fexceptions", "-std=c++17", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
