import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { openFds } from '@doorbell/test-support';
import { Doorbell, DoorbellClosedError, DoorbellPair, PeerDeadError } from '../src/index.js';

const fixture = new URL('./fixtures/pairChild.mjs', import.meta.url).pathname;

function spawnChild(pair: DoorbellPair, args: string[]): ChildProcess {
  const { NODE_PATH: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, [fixture, ...args], { env, stdio: ['ignore', 'pipe', 'inherit', pair.peerFd] });
  pair.releasePeer();
  return child;
}

function output(child: ChildProcess): Promise<string> {
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return once(child, 'exit').then(() => text);
}

describe('DoorbellPair', () => {
  it('rings both ways between two processes with counts conserved, then sees the peer go', async () => {
    const before = openFds();
    const pair = DoorbellPair.create();
    const child = spawnChild(pair, ['exchange', '1000', '3', '1000']);
    const childOutput = output(child);
    let received = 0;
    const peerGone = new Promise<void>((resolve) =>
      pair.watch(
        (n) => {
          received += n;
        },
        { onClose: resolve },
      ),
    );
    for (let i = 0; i < 500; i++) pair.ring(2);
    await peerGone;
    expect(received).toBe(3000);
    expect(await childOutput).toBe('rang\nreceived 1000\n');
    expect(pair.closed).toBe(true);
    expect(() => pair.ring()).toThrow(PeerDeadError);
    expect(() => pair.drain()).toThrow(PeerDeadError);
    pair.close();
    expect(() => pair.ring()).toThrow(DoorbellClosedError);
    expect(openFds()).toBe(before);
  });

  it('sees a child killed with SIGKILL mid-ring: the watch ends, ring throws PeerDeadError, no SIGPIPE', async () => {
    const pair = DoorbellPair.create();
    const child = spawnChild(pair, ['flood']);
    const exited = once(child, 'exit');
    let received = 0;
    const peerGone = new Promise<void>((resolve) => {
      pair.watch(
        (n) => {
          received += n;
          if (received > 10_000 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
        },
        { onClose: resolve },
      );
    });
    await peerGone;
    const [, signal] = await exited;
    expect(signal).toBe('SIGKILL');
    expect(received).toBeGreaterThan(10_000);
    for (let i = 0; i < 3; i++) {
      const error = (() => {
        try {
          pair.ring();
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(PeerDeadError);
      expect((error as PeerDeadError).code).toBe('ERR_DOORBELL_PEER_DEAD');
    }
    pair.close();
  });

  it('ring throws PeerDeadError even when nobody watches', async () => {
    const pair = DoorbellPair.create();
    await once(spawnChild(pair, ['exchange', '0', '1', '0']), 'exit');
    expect(() => {
      for (let i = 0; i < 10; i++) pair.ring();
    }).toThrow(PeerDeadError);
    pair.close();
  });

  it('rejects an fd that is not a pair end, and bad counts', () => {
    using bell = Doorbell.create();
    expect(() => DoorbellPair.fromFd(bell.fd)).toThrow(expect.objectContaining({ code: 'ENOTSOCK' }));
    expect(() => DoorbellPair.fromFd(-1)).toThrow(RangeError);
    const pair = DoorbellPair.create();
    expect(() => pair.ring(0)).toThrow(RangeError);
    pair.close();
    expect(pair.peerFd).toBe(-1);
  });
});
