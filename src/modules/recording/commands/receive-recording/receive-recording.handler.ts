import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { Recording } from '@domain/recording/recording.aggregate';
import { Clock } from '@domain/shared/clock';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { IMPORT_RECORDING_QUEUE } from '../../recording-queues';
import { TenantQueryBus } from '@modules/shared';
import { GetCallIdBySidQuery } from '@modules/telephony';
import { ReceiveRecordingCommand } from './receive-recording.command';

const FINAL = new Set(['completed', 'absent', 'failed']);

@CommandHandler(ReceiveRecordingCommand)
export class ReceiveRecordingHandler implements ICommandHandler<ReceiveRecordingCommand, { recordingId: string | null; created: boolean }> {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly queries: TenantQueryBus,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  async execute({
    props: { organizationId, workspaceId, callback },
  }: ReceiveRecordingCommand): Promise<{ recordingId: string | null; created: boolean }> {
    // `in-progress` callbacks say nothing we keep; duplicates change nothing.
    if (!FINAL.has(callback.status)) return { recordingId: null, created: false };
    const existing = await this.recordings.findByTwilioSid(organizationId, callback.recordingSid);
    if (existing) return { recordingId: existing.id, created: false };
    const callId = await this.queries.execute(new GetCallIdBySidQuery({ organizationId, callSid: callback.callSid }));
    const recording = Recording.receive({
      organizationId,
      workspaceId,
      callId,
      twilioRecordingSid: callback.recordingSid,
      twilioAccountSid: callback.accountSid,
      mediaUrl: callback.mediaUrl,
      source: callback.source,
      channels: callback.channels,
      durationSeconds: callback.durationSeconds,
      startedAt: callback.startedAt,
      outcome:
        callback.status === 'completed'
          ? { kind: 'completed' }
          : { kind: callback.status as 'absent' | 'failed', errorCode: callback.errorCode },
      now: this.clock.now(),
    });
    await this.recordings.save(recording);
    if (recording.needsImport) await this.jobs.send(IMPORT_RECORDING_QUEUE, { organizationId, recordingId: recording.id });
    return { recordingId: recording.id, created: true };
  }
}
