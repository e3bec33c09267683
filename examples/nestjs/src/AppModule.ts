import type { Doorbell } from '@doorbell/core';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DrainInterceptor } from './DrainInterceptor.js';
import { HealthController } from './HealthController.js';
import { JobsController } from './JobsController.js';
import { JobsService, UNITS } from './JobsService.js';
import { PageController } from './PageController.js';
import { ShutdownService } from './ShutdownService.js';
import { UnitsController } from './UnitsController.js';

export interface AppOptions {
  /** Rung by every job per unit; the DoorbellTransport in main.ts delivers it. */
  readonly units: Doorbell;
  readonly shutdown: ShutdownService;
}

@Module({})
export class AppModule {
  static create({ units, shutdown }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      controllers: [PageController, JobsController, UnitsController, HealthController],
      providers: [
        JobsService,
        { provide: UNITS, useValue: units },
        { provide: ShutdownService, useValue: shutdown },
        { provide: APP_INTERCEPTOR, useClass: DrainInterceptor },
      ],
    };
  }
}
