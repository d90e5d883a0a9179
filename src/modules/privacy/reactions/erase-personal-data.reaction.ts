import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { ErasureRequested } from '@domain/privacy/events/privacy.events';
import type { DeletionReceipt } from '@domain/privacy/ports/deletion-receipts.port';
import { DomainError } from '@domain/shared/domain-error';
import { DomainEventSubscriptions, type EventJob } from '@domain/shared/ports/domain-event-subscriptions.port';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { StoredAnswersEraser } from '@domain/shared/ports/stored-answers-eraser.port';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { RecordingAccessService, type RecordingDeletionReport } from '@modules/recording';
import { TwilioCallRecordsService } from '@modules/telephony';
import { ForgetProfileCommand } from '@modules/tenancy';
import { TransactionalCommandBus } from '../../shared';
import { RecordDeletionReceiptsCommand } from '../commands/record-deletion-receipts/record-deletion-receipts.command';
import { RecordErasureAttemptCommand } from '../commands/record-erasure-attempt/record-erasure-attempt.command';
import { RunErasureStepCommand, type ErasureWork } from '../commands/run-erasure-step/run-erasure-step.command';
import { ERASE_PERSONAL_DATA_QUEUE, ERASURE_RETRY_LIMIT } from '../privacy-queues';

type Receipt = Omit<DeletionReceipt, 'cause' | 'erasureRequestId'>;

const TWILIO_ACTION: Record<RecordingDeletionReport['twilio'], DeletionReceipt['action']> = {
  deleted: 'deleted',
  already_gone: 'already_gone',
  already_deleted: 'already_gone',
  absent: 'nothing_found',
  none: 'nothing_found',
};

/**
 * Carries out an erasure request, step after step, as a durable job enqueued with the request.
 * A crash or an outage (storage, Twilio) fails the attempt; the retry resumes at the first step
 * not done, and each step finds what a previous attempt already removed gone.
 */
@Injectable()
export class ErasePersonalDataReaction implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly subscriptions: DomainEventSubscriptions,
    private readonly jobs: JobQueue,
    private readonly commands: TransactionalCommandBus,
    private readonly recordings: RecordingAccessService,
    private readonly callRecords: TwilioCallRecordsService,
    private readonly storedAnswers: StoredAnswersEraser,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.declare(ERASE_PERSONAL_DATA_QUEUE, { retryLimit: ERASURE_RETRY_LIMIT });
    this.subscriptions.enqueueOn(ErasureRequested, ERASE_PERSONAL_DATA_QUEUE);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<EventJob<ErasureRequested>>(ERASE_PERSONAL_DATA_QUEUE, (event, job) =>
      this.erase(event.organizationId, event.resourceId, job.signal),
    );
  }

  async erase(organizationId: string, erasureRequestId: string, signal?: AbortSignal): Promise<void> {
    const ids = { organizationId, erasureRequestId };
    let work = await this.commands.execute(new RecordErasureAttemptCommand({ ...ids, outcome: { started: true } }));
    try {
      while (work.nextStep !== null) {
        signal?.throwIfAborted();
        const step = work.nextStep;
        if (step === 'recordings') await this.deleteRecordings(ids, work);
        if (step === 'twilio_call_records') await this.deleteTwilioCallRecords(ids, work);
        if (step === 'stored_answers') await this.redactStoredAnswers(ids, work);
        if (step === 'profile') await this.forgetProfile(ids, work);
        work = await this.commands.execute(new RunErasureStepCommand({ ...ids, step }));
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.commands.execute(new RecordErasureAttemptCommand({ ...ids, outcome: { failed: reason } })).catch(() => undefined);
      throw error;
    }
  }

  /** Our copy and Twilio's, one recording at a time, each receipt written as soon as its copies are gone. */
  private async deleteRecordings(ids: { organizationId: string; erasureRequestId: string }, work: ErasureWork): Promise<void> {
    for (const recordingId of work.recordings!.erasable) {
      let receipts: Receipt[];
      try {
        const report = await this.recordings.delete(ids.organizationId, recordingId, 'erasure');
        receipts = [
          {
            resourceType: 'recording',
            resourceId: recordingId,
            location: 'object_storage',
            action: report.storage === 'deleted' ? 'deleted' : report.storage === 'already_deleted' ? 'already_gone' : 'nothing_found',
            detail: {},
          },
          {
            resourceType: 'recording',
            resourceId: recordingId,
            location: 'twilio',
            action: TWILIO_ACTION[report.twilio],
            detail: { twilioAnswer: report.twilio },
          },
        ];
      } catch (error) {
        // A hold placed after the erasure located its data still wins.
        if (!(error instanceof DomainError && error.code === 'recording.legal_hold')) throw error;
        receipts = [this.keptUnderHold(recordingId)];
      }
      await this.receipts(ids, receipts);
    }
    await this.receipts(
      ids,
      work.recordings!.held.map((id) => this.keptUnderHold(id)),
    );
  }

  /** Twilio's call logs name the number too: each call's record is deleted there, with Twilio's answer on its receipt. */
  private async deleteTwilioCallRecords(ids: { organizationId: string; erasureRequestId: string }, work: ErasureWork): Promise<void> {
    const answers = await this.callRecords.delete(ids.organizationId, work.callIds);
    await this.receipts(
      ids,
      answers.map((a) => ({
        resourceType: 'call',
        resourceId: a.callId,
        location: 'twilio',
        action: a.answer === 'deleted' ? 'deleted' : a.answer === 'refused' ? 'kept' : 'already_gone',
        detail:
          a.answer === 'refused'
            ? { reason: 'twilio_refused', twilioAnswer: a.answer, twilioCode: a.providerCode, callSid: a.callSid }
            : { twilioAnswer: a.answer, callSid: a.callSid },
      })),
    );
  }

  private async redactStoredAnswers(ids: { organizationId: string; erasureRequestId: string }, work: ErasureWork): Promise<void> {
    const needles = work.needles;
    // The answers kept for Idempotency-Key replays are platform data, out of the tenant role's reach.
    const redacted = await this.unitOfWork.run({ organizationId: null }, () => this.storedAnswers.redact(ids.organizationId, needles));
    await this.receipts(ids, [
      {
        resourceType: 'stored_answers',
        resourceId: ids.organizationId,
        location: 'stored_answers',
        action: redacted > 0 ? 'redacted' : 'nothing_found',
        detail: { answers: redacted },
      },
    ]);
  }

  /** The profile is no organization's own: it is blanked in platform scope, once the user belongs to no organization. */
  private async forgetProfile(ids: { organizationId: string; erasureRequestId: string }, work: ErasureWork): Promise<void> {
    const userId = work.userId!;
    const outcome = await this.commands.execute(new ForgetProfileCommand({ userId }));
    await this.receipts(ids, [
      {
        resourceType: 'profile',
        resourceId: userId,
        location: 'database',
        action: outcome === 'forgotten' ? 'redacted' : outcome === 'kept' ? 'kept' : 'nothing_found',
        detail:
          outcome === 'kept'
            ? { reason: 'member_of_another_organization', note: 'The profile is shared with the other organizations the user belongs to' }
            : { fields: ['email', 'fullName', 'avatarUrl', 'phone'] },
      },
    ]);
  }

  private keptUnderHold(recordingId: string): Receipt {
    return {
      resourceType: 'recording',
      resourceId: recordingId,
      location: 'object_storage',
      action: 'kept',
      detail: { reason: 'legal_hold' },
    };
  }

  private async receipts(ids: { organizationId: string; erasureRequestId: string }, receipts: Receipt[]): Promise<void> {
    if (receipts.length === 0) return;
    await this.commands.execute(
      new RecordDeletionReceiptsCommand({
        organizationId: ids.organizationId,
        receipts: receipts.map((r) => ({ ...r, cause: 'erasure', erasureRequestId: ids.erasureRequestId })),
      }),
    );
  }
}
