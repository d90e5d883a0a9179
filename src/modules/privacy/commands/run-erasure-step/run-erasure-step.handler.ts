import { CommandBus, CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import type { ErasedResource, ErasureRequest, ErasureStep } from '@domain/privacy/erasure-request.aggregate';
import { erasureRequestNotFound } from '@domain/privacy/errors';
import { phoneNumberVariants } from '@domain/privacy/phone-number-variants';
import { DeletionReceipts, type DeletionReceipt } from '@domain/privacy/ports/deletion-receipts.port';
import { ErasureRequestRepository } from '@domain/privacy/ports/erasure-request-repository.port';
import { Clock } from '@domain/shared/clock';
import { ConflictError } from '@domain/shared/domain-error';
import { EraseAnalysisEvidenceCommand } from '@modules/analysis';
import { ShredPersonalDataCommand } from '@modules/audit';
import { DeleteOrganizationExportsCommand } from '@modules/data';
import { RedactEventCopiesCommand } from '@modules/events';
import { DeleteConversationsCommand, FindRecordingsOfCallsQuery } from '@modules/recording';
import { FindCallsByPartyQuery, RedactCallPartiesCommand } from '@modules/telephony';
import { RunErasureStepCommand, workOf, type ErasureWork } from './run-erasure-step.command';

type Receipt = Omit<DeletionReceipt, 'cause' | 'erasureRequestId'>;

/** The other contexts' commands and queries join this transaction: the step commits whole or not at all. */
@CommandHandler(RunErasureStepCommand)
export class RunErasureStepHandler implements ICommandHandler<RunErasureStepCommand, ErasureWork> {
  constructor(
    private readonly requests: ErasureRequestRepository,
    private readonly receipts: DeletionReceipts,
    // The plain buses: the other contexts' handlers run inside this command's transaction (and its
    // journal entry is this command's result alone).
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: RunErasureStepCommand): Promise<ErasureWork> {
    const request = await this.requests.findForUpdate(c.organizationId, c.erasureRequestId);
    if (!request) throw erasureRequestNotFound();
    if (request.isCompleted) return workOf(request);
    if (request.nextStep !== c.step) {
      throw new ConflictError('erasure_request.out_of_order', `The next step is ${request.nextStep}, not ${c.step}`);
    }
    const now = this.clock.now();
    if (c.step === 'locate') {
      await this.locate(request, now);
    } else {
      const { receipts, erased } = await this.run(c.step, request);
      await this.receipts.record(
        request.organizationId,
        receipts.map((r) => ({ ...r, cause: 'erasure', erasureRequestId: request.id })),
      );
      request.stepDone(c.step, erased, now);
    }
    if (request.nextStep === null) request.complete(now);
    await this.requests.save(request);
    return workOf(request);
  }

  private async locate(request: ErasureRequest, now: Date): Promise<void> {
    const organizationId = request.organizationId;
    const calls = await this.queries.execute(
      new FindCallsByPartyQuery({ organizationId, phoneNumbers: phoneNumberVariants(request.subject) }),
    );
    const callIds = calls.map((call) => call.callId);
    const recordings = await this.queries.execute(new FindRecordingsOfCallsQuery({ organizationId, callIds }));
    const held = recordings.filter((r) => r.legalHold);
    request.located(
      {
        callIds,
        recordingIds: recordings.map((r) => r.recordingId),
        heldRecordingIds: held.map((r) => r.recordingId),
        heldCallIds: [...new Set(held.map((r) => r.callId))],
      },
      now,
    );
  }

  private async run(
    step: Exclude<ErasureStep, 'locate'>,
    request: ErasureRequest,
  ): Promise<{ receipts: Receipt[]; erased: ErasedResource[] }> {
    const organizationId = request.organizationId;
    const { callIds, recordingIds } = request.erasable;
    switch (step) {
      case 'conversations': {
        const ids = await this.commands.execute(new DeleteConversationsCommand({ organizationId, callIds, recordingIds }));
        return {
          receipts: ids.map((id) => ({
            resourceType: 'conversation',
            resourceId: id,
            location: 'database',
            action: 'deleted',
            detail: {},
          })),
          erased: ids.map((id) => ({ type: 'conversation', id })),
        };
      }
      case 'analyses': {
        const ids = await this.commands.execute(new EraseAnalysisEvidenceCommand({ organizationId, callIds, recordingIds }));
        return {
          receipts: ids.map((id) => ({
            resourceType: 'analysis',
            resourceId: id,
            location: 'database',
            action: 'redacted',
            detail: { erased: ['evidence', 'reviewNotes'], kept: ['fraudScore', 'riskFactors.code'] },
          })),
          erased: ids.map((id) => ({ type: 'analysis', id })),
        };
      }
      case 'calls': {
        const numbers = phoneNumberVariants(request.subject);
        const redacted = await this.commands.execute(new RedactCallPartiesCommand({ organizationId, callIds, phoneNumbers: numbers }));
        const kept = request.scope.heldCallIds.map((id) => ({
          resourceType: 'call',
          resourceId: id,
          location: 'database' as const,
          action: 'kept' as const,
          detail: { reason: 'legal_hold', heldRecordingIds: request.scope.heldRecordingIds },
        }));
        return {
          receipts: [
            ...callIds.map((id) => ({
              resourceType: 'call',
              resourceId: id,
              location: 'database' as const,
              action: redacted.callIds.includes(id) ? ('redacted' as const) : ('already_gone' as const),
              detail: { fields: ['from', 'to', 'participants.address'] },
            })),
            ...kept,
          ],
          erased: callIds.map((id) => ({ type: 'call', id })),
        };
      }
      case 'event_copies': {
        const counts = await this.commands.execute(
          new RedactEventCopiesCommand({ organizationId, needles: phoneNumberVariants(request.subject) }),
        );
        const total = counts.liveEvents + counts.webhookDeliveries + counts.notifications;
        return {
          receipts: [
            {
              resourceType: 'event_copies',
              resourceId: organizationId,
              location: 'event_copies',
              action: total > 0 ? 'redacted' : 'nothing_found',
              detail: counts,
            },
          ],
          erased: [],
        };
      }
      case 'exports': {
        // Every archive holds the organization's data as it was, the number included.
        const deleted = await this.commands.execute(new DeleteOrganizationExportsCommand({ organizationId, reason: 'erasure' }));
        return {
          receipts: deleted.map((e) => ({
            resourceType: 'organization_export',
            resourceId: e.exportId,
            location: 'export_archive',
            action: 'deleted',
            detail: {},
          })),
          erased: [],
        };
      }
      case 'audit':
        return this.shredAudit(request);
      case 'recordings':
      case 'stored_answers':
        // Done by the job outside the transaction, each copy with its receipt; here only marked done.
        return { receipts: [], erased: step === 'recordings' ? recordingIds.map((id) => ({ type: 'recording', id })) : [] };
    }
  }

  /**
   * The number's key goes, and the free-text keys of every resource erased. Under a legal hold the
   * number's key stays: the held call's audit rows are evidence too.
   */
  private async shredAudit(request: ErasureRequest): Promise<{ receipts: Receipt[]; erased: ErasedResource[] }> {
    const held = request.scope.heldCallIds.length > 0;
    const { keysDestroyed } = await this.commands.execute(
      new ShredPersonalDataCommand({
        organizationId: request.organizationId,
        phoneNumbers: held ? [] : [request.subject],
        resources: [...request.erased],
      }),
    );
    return {
      receipts: [
        {
          resourceType: 'phone_number',
          resourceId: request.snapshot.subjectMasked,
          location: 'audit_trail',
          action: held ? 'kept' : 'shredded',
          detail: held
            ? {
                reason: 'legal_hold',
                keysDestroyed,
                note: "The number's audit values stay readable while a recording of its calls is held",
              }
            : { keysDestroyed, note: 'Audit rows and their hashes are unchanged; their personal values now read [erased]' },
        },
      ],
      erased: [],
    };
  }
}
