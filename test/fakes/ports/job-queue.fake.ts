import { JobQueue, type JobHandler, type JobOptions } from '@domain/shared/ports/job-queue.port';

/** Keeps what was sent; runs nothing. */
export class RecordingJobQueue extends JobQueue {
  readonly sent: { queue: string; data: object; options?: JobOptions }[] = [];

  send<T extends object>(queue: string, data: T, options?: JobOptions): Promise<void> {
    this.sent.push({ queue, data, options });
    return Promise.resolve();
  }
  work<T extends object>(_queue: string, _handler: JobHandler<T>): Promise<void> {
    return Promise.resolve();
  }
  schedule(): Promise<void> {
    return Promise.resolve();
  }
  declare(): Promise<void> {
    return Promise.resolve();
  }
}
