import type { NativeBinding } from '@doorbell/native';
import type { ReceiverPort } from './ReceiverPort.js';

/** The addon's receiver factories (packages/native/src/NativeBinding.ts), as ReceiverPorts. */
export function nativePorts(binding: NativeBinding): {
  createEventfd(state: Int32Array, semaphore: boolean): ReceiverPort;
  createPipe(state: Int32Array): ReceiverPort;
  openReceiver(state: Int32Array, fd: number, readFd: number): ReceiverPort;
  adoptSocket(fd: number): ReceiverPort;
  adoptEventfd(fd: number, semaphore: boolean): ReceiverPort;
} {
  return binding;
}
