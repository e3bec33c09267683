// The example service: `node dist/main.js [--port 3000] [--grace-ms 10000]`, then open
// http://localhost:3000/. On SIGTERM or Ctrl-C: new requests get 503, jobs in flight finish and
// their event streams end with their 'done' event, then NestJS re-raises the signal and the
// process ends by it (exit status 143 for SIGTERM, 130 for SIGINT, as a shell reports them).
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Doorbell } from '@doorbell/core';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './AppModule.js';
import { DoorbellTransport } from './DoorbellTransport.js';
import { ShutdownService } from './ShutdownService.js';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '3000' }, 'grace-ms': { type: 'string', default: '10000' } },
});
const port = Number(values.port);
const graceMs = Number(values['grace-ms']);

const shutdown = new ShutdownService(graceMs);
const units = Doorbell.create();
const app = await NestFactory.create(AppModule.create({ units, shutdown }), { logger: ['error', 'warn'] });
app.connectMicroservice({ strategy: new DoorbellTransport(new Map([['units', units]])) });
app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
if (shutdown.begun) {
  // The signal came while Nest was starting, before its hooks listened: only watchShutdown saw it.
  await app.close();
} else {
  await app.startAllMicroservices();
  await app.listen(port);
  const address = app.getHttpServer().address();
  console.log(`listening on http://localhost:${typeof address === 'object' && address ? address.port : port}/`);
}
