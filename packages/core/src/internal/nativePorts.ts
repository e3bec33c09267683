import type { NativeBinding } from '@doorbell/native';
import type { ReceiverPort } from './ReceiverPort.js';

// The addon's receiver factories (packages/native/src/NativeBinding.ts), as ReceiverPorts.
// TRANSITION: until the named factories land, the old `new Receiver(...)` shapes stand in.
type Legacy = { Receiver: new (...args: unknown[]) => Omit<ReceiverPort, 'beginEnd' | 'othersInside'> };
type Factories = {
  createEventfd(state: Int32Array, semaphore: boolean): ReceiverPort;
  createPipe(state: Int32Array): ReceiverPort;
  openReceiver(state: Int32Array, fd: number, readFd: number): ReceiverPort;
  adoptSocket(fd: number): ReceiverPort;
  adoptEventfd(fd: number, semaphore: boolean): ReceiverPort;
};

function factories(binding: NativeBinding): Factories {
  const modern = binding as unknown as Partial<Factories>;
  if (typeof modern.createEventfd === 'function') return modern as Factories;
  const { Receiver } = binding as unknown as Legacy;
  const port = (receiver: Omit<ReceiverPort, 'beginEnd' | 'othersInside'>): ReceiverPort => {
    const drain = receiver.drain.bind(receiver) as () => number | bigint;
    return Object.defineProperties(receiver, {
      beginEnd: { value: () => false },
      othersInside: { value: () => false },
      drain: {
        value: (safeOnly: boolean) => {
          const count = drain();
          if (safeOnly && typeof count === 'bigint') receiver.putBack(count);
          return count;
        },
      },
    }) as ReceiverPort;
  };
  return {
    createEventfd: (state, semaphore) => port(new Receiver(state, semaphore)),
    createPipe: (state) => port(new Receiver(state, 'pipe')),
    openReceiver: (state, fd, readFd) => port(new Receiver(state, fd, readFd)),
    adoptSocket: (fd) => port(new Receiver('socket', fd)),
    adoptEventfd: () => {
      throw new Error('adoptEventfd is not in this build of the addon');
    },
  };
}

export function nativePorts(binding: NativeBinding): Factories {
  return factories(binding);
}
