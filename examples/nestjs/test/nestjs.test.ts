import { afterEach, describe, expect, it } from 'vitest';
import { call, openEvents, Service, type SseEvent } from './service.js';

const services: Service[] = [];
function start(...args: string[]): Service {
  const service = new Service(args);
  services.push(service);
  return service;
}
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop()));
});

interface Progress {
  readonly count: number;
  readonly sent: number;
  readonly size: number;
}

/** Checks a finished job's events: progress whose counts sum to `size`, then one `done`. */
function expectFinishedStream(events: SseEvent[], id: number, size: number): void {
  expect(events.at(-1)).toEqual({ event: 'done', data: { id, size, state: 'finished', sent: size } });
  const progress = events.slice(0, -1);
  expect(progress.length).toBeGreaterThan(0);
  expect(new Set(progress.map(({ event }) => event))).toEqual(new Set(['progress']));
  const counts = progress.map(({ data }) => (data as Progress).count);
  expect(counts.every((count) => Number.isInteger(count) && count >= 1)).toBe(true);
  expect(counts.reduce((sum, count) => sum + count, 0)).toBe(size);
  expect(progress.at(-1)!.data).toMatchObject({ sent: size, size });
}

describe('the nestjs example', () => {
  it('streams each job as Server-Sent Events whose counts sum to its size, then done, then the end', async () => {
    const service = start();
    const url = await service.url();
    const sizes = [40, 5, 25]; // 2 worker threads: one job waits in the queue
    const jobs = await Promise.all(sizes.map((size) => call(`${url}/jobs?size=${size}&unitMs=2`, 'POST')));
    const ids = jobs.map(({ status, body }, i) => {
      expect(status).toBe(201);
      expect(body).toEqual({ id: i + 1, size: sizes[i], state: 'running', sent: 0 });
      return (body as { id: number }).id;
    });
    const streams = await Promise.all(ids.map((id) => openEvents(`${url}/jobs/${id}/events`)));
    for (const [i, stream] of streams.entries()) {
      expect(stream.status).toBe(200);
      expectFinishedStream(await stream.all, ids[i]!, sizes[i]!);
    }
    expect((await call(`${url}/jobs/1`)).body).toEqual({ id: 1, size: 40, state: 'finished', sent: 40 });

    // Every worker also rang the shared `units` doorbell; the DoorbellTransport delivered its
    // counts to the @EventPattern('units') handler.
    await expect.poll(async () => (await call(`${url}/units`)).body).toMatchObject({ units: 70 });
  });

  it('answers bad requests with 400, 404 and 409, and is ready', async () => {
    const service = start();
    const url = await service.url();
    expect((await call(`${url}/jobs?size=0`, 'POST')).status).toBe(400);
    expect((await call(`${url}/jobs?size=abc`, 'POST')).status).toBe(400);
    expect((await call(`${url}/jobs?unitMs=5000`, 'POST')).status).toBe(400);
    expect((await call(`${url}/jobs/9`)).status).toBe(404);
    expect((await call(`${url}/jobs/9/events`)).status).toBe(404);
    await call(`${url}/jobs?size=3&unitMs=1`, 'POST');
    const first = await openEvents(`${url}/jobs/1/events`);
    expect((await call(`${url}/jobs/1/events`)).status).toBe(409);
    expectFinishedStream(await first.all, 1, 3);
    expect(await call(`${url}/health/ready`)).toMatchObject({ status: 200, body: { ready: true } });
  });

  it('a client that leaves mid-job stops it: the doorbell closes and the worker stops at its next ring', async () => {
    const service = start();
    const url = await service.url();
    await call(`${url}/jobs?size=100000&unitMs=1`, 'POST');
    const stream = await openEvents(`${url}/jobs/1/events`);
    await stream.until('progress');
    stream.close();
    await service.line(/^job 1: cancelled, \d+ units sent$/);
    const { body } = await call(`${url}/jobs/1`);
    expect(body).toMatchObject({ id: 1, state: 'cancelled' });
    expect((body as { sent: number }).sent).toBeLessThan(100000);
    // The pool's threads are free again: a new job runs to the end.
    await call(`${url}/jobs?size=10&unitMs=1`, 'POST');
    expectFinishedStream(await (await openEvents(`${url}/jobs/2/events`)).all, 2, 10);
  });

  it('SIGTERM: new requests get 503, the job in flight finishes, its stream ends with done, the process ends by SIGTERM', async () => {
    const service = start();
    const url = await service.url();
    await call(`${url}/jobs?size=500&unitMs=10`, 'POST');
    const stream = await openEvents(`${url}/jobs/1/events`);
    await stream.until('progress');

    service.child.kill('SIGTERM');
    await service.line(/^draining: 1 job\(s\) in flight$/);
    const refused = await call(`${url}/jobs?size=1`, 'POST');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('connection')).toBe('close');
    expect((await call(`${url}/health/ready`)).status).toBe(503);

    expectFinishedStream(await stream.all, 1, 500);
    const { code, signal, stdout, stderr } = await service.exited;
    expect(stderr).toBe('');
    expect(stdout.split('\n').slice(1)).toEqual([
      'job 1: started, 500 units',
      'shutting down: got SIGTERM',
      'draining: 1 job(s) in flight',
      'job 1: finished, 500 units sent',
      'drained',
      '',
    ]);
    // NestJS re-raised SIGTERM once its hooks were done, and shutdownSignal let it through.
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('a drain longer than --grace-ms: the process reports what holds it and exits with code 124', async () => {
    const service = start('--grace-ms', '500');
    const url = await service.url();
    await call(`${url}/jobs?size=100000&unitMs=1`, 'POST');
    const stream = await openEvents(`${url}/jobs/1/events`);
    await stream.until('progress');
    service.child.kill('SIGTERM');
    const { code, signal, stderr } = await service.exited;
    expect(stderr).toMatch(
      /^shutdownSignal: still running 500 ms after shutdown began \(got SIGTERM\); holding the event loop: .*TCPSocketWrap.*; exiting with code 124\n$/,
    );
    expect({ code, signal }).toEqual({ code: 124, signal: null });
  });
});
