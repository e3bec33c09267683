import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import { ShutdownService } from './ShutdownService.js';

/**
 * Once shutdown has begun, every new HTTP request is answered 503 with `Connection: close`, so a
 * load balancer sends it elsewhere; requests already running (event streams included) go on.
 */
@Injectable()
export class DrainInterceptor implements NestInterceptor {
  constructor(private readonly shutdown: ShutdownService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http' && this.shutdown.begun) {
      context
        .switchToHttp()
        .getResponse<{ setHeader(name: string, value: string): void }>()
        .setHeader('Connection', 'close');
      throw new ServiceUnavailableException('shutting down');
    }
    return next.handle();
  }
}
