import { Injectable, Logger } from '@nestjs/common';
import { RecordingDirectory } from '@domain/recording/ports/recording-repositories.port';
import { Clock } from '@domain/shared/clock';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { IMPORT_RECORDING_QUEUE } from '../recording-queues';
import { RecordingAccessService } from '../recording-access.service';

const BATCH = 500;

/**
 * Daily: deletes recordings past their organization's retention (never those under legal
 * hold), and sends back to the import job any whose Twilio copy is still waiting to go.
 */
@Injectable()
export class RecordingRetentionJob {
  private readonly logger = new Logger(RecordingRetentionJob.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly directory: RecordingDirectory,
    private readonly access: RecordingAccessService,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<{ deleted: number; requeued: number }> {
    const now = this.clock.now();
    const expired = await this.unitOfWork.run({ organizationId: null }, () => this.directory.pastRetention(now, BATCH));
    let deleted = 0;
    for (const r of expired) {
      try {
        await this.access.delete(r.organizationId, r.recordingId, 'retention');
        deleted += 1;
      } catch (error) {
        this.logger.warn({ err: error, recordingId: r.recordingId }, 'retention could not delete a recording');
      }
    }
    const waiting = await this.unitOfWork.run({ organizationId: null }, () => this.directory.awaitingTwilioDeletion(BATCH));
    for (const r of waiting) await this.jobs.send(IMPORT_RECORDING_QUEUE, r);
    return { deleted, requeued: waiting.length };
  }
}
