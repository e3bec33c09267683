// Preloaded (NODE_OPTIONS=--require) into every arm64 Node that `pnpm test:arm64` runs under
// qemu-user. There, process.execPath is the arm64 node binary, which this x64 kernel cannot exec
// (no binfmt_misc here), so vitest's workers and the tests' child processes would fail to start.
// Every asynchronous spawn (spawn, execFile, fork, exec) goes through ChildProcess#spawn: a spawn
// of process.execPath becomes `qemu-aarch64 -L <arm64 sysroot> <execPath> ...args`, and the child
// inherits this preload through NODE_OPTIONS. spawnSync is not covered (the suites do not use it).
const { ChildProcess } = require('node:child_process');

const qemu = process.env.DOORBELL_ARM64_QEMU || 'qemu-aarch64';
const sysroot = process.env.DOORBELL_ARM64_SYSROOT || '/usr/aarch64-linux-gnu';
const spawn = ChildProcess.prototype.spawn;

ChildProcess.prototype.spawn = function spawnUnderQemu(options) {
  if (options && options.file === process.execPath) {
    const [, ...args] = options.args;
    options = { ...options, file: qemu, args: [qemu, '-L', sysroot, process.execPath, ...args] };
  }
  return spawn.call(this, options);
};
