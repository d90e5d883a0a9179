import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { RecordingStored } from '@domain/recording/events/recording.events';
import { DomainEventSubscriptions, type EventJob } from '@domain/shared/ports/domain-event-subscriptions.port';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { TransactionalCommandBus } from '../../shared';
import { CREATE_ANALYSIS_QUEUE } from '../analysis-queues';
import { CreateAnalysisCommand } from '../commands/create-analysis/create-analysis.command';

/**
 * Every stored call recording gets its analysis: a job enqueued in the transaction that
 * recorded `RecordingStored`, once per event.
 */
@Injectable()
export class CreateAnalysisForRecordingReaction implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly subscriptions: DomainEventSubscriptions,
    private readonly jobs: JobQueue,
    private readonly commands: TransactionalCommandBus,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.declare(CREATE_ANALYSIS_QUEUE);
    this.subscriptions.enqueueOn(RecordingStored, CREATE_ANALYSIS_QUEUE);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<EventJob<RecordingStored>>(CREATE_ANALYSIS_QUEUE, (event) => this.handle(event));
  }

  async handle(event: EventJob<RecordingStored>): Promise<void> {
    // Uploads get their analysis from the upload request itself, with the file's name.
    if (!event.payload.callId) return;
    await this.commands.execute(
      new CreateAnalysisCommand({
        organizationId: event.organizationId,
        recording: { recordingId: event.resourceId, callId: event.payload.callId, source: 'call', fileName: null, fileHash: null },
      }),
    );
  }
}
