import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ShutdownService } from './ShutdownService.js';

/** What an orchestrator's probes read: alive while the process runs, ready until shutdown begins. */
@Controller('health')
export class HealthController {
  constructor(private readonly shutdown: ShutdownService) {}

  @Get('live')
  live(): { live: true } {
    return { live: true };
  }

  /** 503 once shutdown has begun (the DrainInterceptor answers it before this runs). */
  @Get('ready')
  ready(): { ready: true } {
    if (this.shutdown.begun) throw new ServiceUnavailableException('shutting down');
    return { ready: true };
  }
}
