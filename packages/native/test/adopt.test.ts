import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binding } from '../src/index.js';

const newState = () => new Int32Array(new SharedArrayBuffer(binding.stateBytes));
const openFds = () => readdirSync('/proc/self/fd').length;
const fdFlags = (fd: number) =>
  Number.parseInt(/flags:\s+(\d+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))![1]!, 8);
const dir = mkdtempSync(join(tmpdir(), 'doorbell-adopt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('adoptEventfd (Doorbell.fromFd)', () => {
  it('receives raw writes on its own close-on-exec duplicate and leaves the caller fd open', () => {
    const elsewhere = binding.createEventfd(newState(), false); // stands in for a native library's eventfd
    const fd = elsewhere.fd();
    const adopted = binding.adoptEventfd(fd, false);
    expect(adopted.fd()).not.toBe(fd);
    expect(fdFlags(adopted.fd()) & 0o2000000).not.toBe(0); // O_CLOEXEC
    expect(binding.ringFd(fd, 5)).toBe(0);
    expect(adopted.drain(true)).toBe(5);
    adopted.close();
    expect(binding.ringFd(fd, 1)).toBe(0); // still open
    elsewhere.close();
  });

  it('takes one unit per drain from a semaphore eventfd', () => {
    const elsewhere = binding.createEventfd(newState(), true);
    const adopted = binding.adoptEventfd(elsewhere.fd(), true);
    expect(binding.ringFd(elsewhere.fd(), 2)).toBe(0);
    expect([adopted.drain(true), adopted.drain(true), adopted.drain(true)]).toEqual([1, 1, 0]);
    adopted.close();
    elsewhere.close();
  });

  it('refuses anything but an eventfd with a TypeError naming fd, and leaks nothing', () => {
    const pipe = binding.createPipe(newState());
    const [mine, theirs] = binding.socketPair();
    const file = openSync(join(dir, 'file'), 'w+');
    const before = openFds();
    for (const fd of [pipe.fd(), pipe.writeFd(), mine, file]) {
      expect(() => binding.adoptEventfd(fd, false)).toThrow(new TypeError('fd must be an eventfd'));
    }
    expect(openFds()).toBe(before);
    closeSync(file);
    closeSync(mine);
    closeSync(theirs);
    pipe.close();
  });

  it('refuses a semaphore flag that contradicts the eventfd, and an fd that is not open', () => {
    const plain = binding.createEventfd(newState(), false);
    expect(() => binding.adoptEventfd(plain.fd(), true)).toThrow(TypeError);
    const fd = plain.fd();
    plain.close();
    expect(() => binding.adoptEventfd(fd, false)).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'fstat' }));
  });
});

describe('fdKind (Ringer.fromFd)', () => {
  it('tells eventfds, pipe and FIFO ends by access mode, sockets, files and others apart', () => {
    const eventfd = binding.createEventfd(newState(), false);
    const pipe = binding.createPipe(newState());
    const [mine, theirs] = binding.socketPair();
    const file = openSync(join(dir, 'kinds'), 'w+');
    const fifoPath = join(dir, 'fifo');
    execFileSync('mkfifo', [fifoPath]);
    const fifoRead = openSync(fifoPath, constants.O_RDONLY | constants.O_NONBLOCK);
    const fifoWrite = openSync(fifoPath, constants.O_WRONLY | constants.O_NONBLOCK);
    const devNull = openSync('/dev/null', 'w');
    try {
      expect(binding.fdKind(eventfd.fd())).toBe('eventfd');
      expect(binding.fdKind(pipe.writeFd())).toBe('pipe');
      expect(binding.fdKind(pipe.fd())).toBe('pipe-read');
      expect(binding.fdKind(fifoWrite)).toBe('fifo');
      expect(binding.fdKind(fifoRead)).toBe('fifo-read');
      expect(binding.fdKind(mine)).toBe('socket');
      expect(binding.fdKind(file)).toBe('file');
      expect(binding.fdKind(devNull)).toBe('other');
    } finally {
      for (const fd of [mine, theirs, file, fifoRead, fifoWrite, devNull]) closeSync(fd);
      pipe.close();
      eventfd.close();
    }
    expect(() => binding.fdKind(file)).toThrow(expect.objectContaining({ code: 'EBADF' }));
  });
});
