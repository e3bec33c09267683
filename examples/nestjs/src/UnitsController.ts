import { Controller, Get } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

/**
 * Every unit of every job, counted through the DoorbellTransport: each worker also rings the
 * shared `units` doorbell, and the transport delivers the coalesced counts here.
 */
@Controller('units')
export class UnitsController {
  #total = 0;
  #deliveries = 0;

  @EventPattern('units')
  counted(@Payload() count: number): void {
    this.#total += count;
    this.#deliveries++;
  }

  @Get()
  totals(): { units: number; deliveries: number } {
    return { units: this.#total, deliveries: this.#deliveries };
  }
}
