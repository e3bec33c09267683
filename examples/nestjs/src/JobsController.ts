import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  BadRequestException,
  ConflictException,
  Controller,
  Get,
  type MessageEvent,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Sse,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { Job, JobStatus } from './Job.js';
import { JobsService } from './JobsService.js';

const MAX_SIZE = 1_000_000;
const MAX_UNIT_MS = 1000;

@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  /** Starts a job of `size` units, each taking `unitMs` on a worker thread. */
  @Post()
  start(@Query('size') size = '100', @Query('unitMs') unitMs = '10'): JobStatus {
    return this.jobs.start(integer('size', size, 1, MAX_SIZE), integer('unitMs', unitMs, 0, MAX_UNIT_MS)).status();
  }

  @Get(':id')
  status(@Param('id', ParseIntPipe) id: number): JobStatus {
    return this.#job(id).status();
  }

  /** The job's progress as Server-Sent Events; one client per job. Leaving cancels the job. */
  @Sse(':id/events')
  events(
    @Param('id', ParseIntPipe) id: number,
    @Req() request: IncomingMessage & { res: ServerResponse },
  ): Observable<MessageEvent> {
    const job = this.#job(id);
    if (job.streamed) throw new ConflictException(`job ${id} already has its event stream`);
    this.jobs.track(request.res);
    return job.events();
  }

  #job(id: number): Job {
    const job = this.jobs.get(id);
    if (job === undefined) throw new NotFoundException(`no job ${id}`);
    return job;
  }
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new BadRequestException(`${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(text)}`);
  }
  return value;
}
