import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEvents, program, type Reply, send, Server, type SseEvent } from './server.js';

const servers: Server[] = [];
function start(...args: string[]): Server {
  expect(existsSync(program), `${program} is missing: run \`pnpm run build\` first`).toBe(true);
  const server = new Server(['--port', '0', ...args]);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

/** Checks a finished job's event stream and returns its progress counts. */
function expectJobStream(reply: Reply, size: number): number[] {
  expect(reply.status).toBe(200);
  expect(reply.headers['content-type']).toBe('text/event-stream; charset=utf-8');
  const events: SseEvent[] = parseEvents(reply.body);
  expect(events.at(-1)).toEqual({ event: 'done', data: { done: size, size } });
  const progress = events.slice(0, -1);
  expect(progress.length).toBeGreaterThan(0);
  expect(new Set(progress.map(({ event }) => event))).toEqual(new Set(['progress']));
  const done = progress.map(({ data }) => {
    expect(data).toEqual({ done: expect.any(Number), size });
    return (data as { done: number }).done;
  });
  // Every wake-up of the job's doorbell moves it forward by what was rung since the last one.
  expect(done).toEqual([...done].sort((a, b) => a - b));
  expect(new Set(done).size).toBe(done.length);
  expect(done[0]).toBeGreaterThanOrEqual(1);
  expect(done.at(-1)).toBe(size);
  return done;
}

describe('the http-progress example', () => {
  it('streams the progress of concurrent jobs as Server-Sent Events, more jobs than workers', async () => {
    const server = start('--unit-ms', '2');
    const port = await server.port();

    const sizes = [5, 40, 25, 60]; // 2 workers: two of these wait in the queue
    const replies = await Promise.all(sizes.map((size) => send(port, 'POST', `/jobs?size=${size}`).reply));
    replies.forEach((reply, i) => {
      expectJobStream(reply, sizes[i]!);
    });

    // EventSource uses GET.
    expectJobStream(await send(port, 'GET', '/jobs?size=3').reply, 3);

    expect(server.stdout).toMatch(/^job 1: started, 5 units$/m);
    // The server logs "done" before it ends the stream, but its stdout is a pipe, written
    // asynchronously: the line can arrive after the reply.
    await expect.poll(() => server.stdout.match(/^job \d+: done$/gm)?.length).toBe(5);
  });

  it('answers bad requests with 400, 404 and 405, and /health with 200', async () => {
    const server = start();
    const port = await server.port();

    const bad = await send(port, 'POST', '/jobs?size=0').reply;
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("size must be a whole number from 1 to 100000; got '0'");
    expect((await send(port, 'POST', '/jobs?size=1.5').reply).status).toBe(400);
    expect((await send(port, 'POST', '/jobs').reply).status).toBe(400);
    expect((await send(port, 'GET', '/nope').reply).status).toBe(404);
    const wrongMethod = await send(port, 'DELETE', '/jobs?size=3').reply;
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST, GET');
    const health = await send(port, 'GET', '/health').reply;
    expect([health.status, health.body]).toEqual([200, 'ok\n']);
  });

  it('cancels a job whose client goes away, freeing its worker for the next job', async () => {
    const server = start('--unit-ms', '20');
    const port = await server.port();

    // Two long jobs take both workers; their clients leave after the first event.
    const leaving = [send(port, 'POST', '/jobs?size=1000'), send(port, 'POST', '/jobs?size=1000')];
    await Promise.all(leaving.map(({ firstChunk }) => firstChunk));
    for (const exchange of leaving) exchange.abort();
    await server.line(/^job 1: cancelled, the client went away$/);
    await server.line(/^job 2: cancelled, the client went away$/);

    // Had the workers not moved on, this would wait 20 s behind them.
    const started = performance.now();
    expectJobStream(await send(port, 'POST', '/jobs?size=5').reply, 5);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('on SIGTERM: refuses new requests with 503, lets the jobs in flight finish, closes everything and exits with code 0', async () => {
    const server = start('--unit-ms', '10');
    const port = await server.port();

    const inFlight = [send(port, 'POST', '/jobs?size=100'), send(port, 'POST', '/jobs?size=80')]; // ~1 s each
    await Promise.all(inFlight.map(({ firstChunk }) => firstChunk));

    server.child.kill('SIGTERM');
    await server.line(/^shutting down on SIGTERM: new requests get 503; waiting for 2 jobs in flight/);

    const refused = await send(port, 'POST', '/jobs?size=1').reply;
    expect(refused.status).toBe(503);
    expect(refused.headers.connection).toBe('close');
    expect(refused.body).toContain('draining');
    expect((await send(port, 'GET', '/health').reply).status).toBe(503);

    const [first, second] = await Promise.all(inFlight.map(({ reply }) => reply));
    expectJobStream(first!, 100);
    expectJobStream(second!, 80);

    const { code, signal, stdout, stderr } = await server.exited;
    expect(stderr).toBe('');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    const lines = stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('drained: 2 jobs finished; workers stopped; server closed; exiting with code 0');
    expect(lines.filter((line) => /^job \d+: done$/.test(line))).toHaveLength(2);
    expect(lines.indexOf('job 1: done')).toBeGreaterThan(lines.findIndex((line) => line.startsWith('shutting down')));
  });

  it('exits at once with code 130 on a second Ctrl-C during the drain', async () => {
    const server = start('--unit-ms', '50');
    const port = await server.port();
    const job = send(port, 'POST', '/jobs?size=1000'); // ~50 s
    await job.firstChunk;

    server.child.kill('SIGINT');
    await server.line(/^shutting down on SIGINT: .*waiting for 1 job in flight \(Ctrl-C again to force\)$/);
    server.child.kill('SIGINT');

    const { code, signal, stdout } = await server.exited;
    expect({ code, signal }).toEqual({ code: 130, signal: null });
    expect(stdout).not.toContain('drained');
    await expect(job.reply).rejects.toThrow(); // the stream was cut, never finished
  });
});
