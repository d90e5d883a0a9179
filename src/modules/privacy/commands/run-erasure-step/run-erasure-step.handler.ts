import { CommandBus, CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import type { ErasedResource, ErasureRequest, ErasureStep } from '@domain/privacy/erasure-request.aggregate';
import { erasureRequestNotFound } from '@domain/privacy/errors';
import { phoneNumberVariants } from '@domain/privacy/phone-number-variants';
import { DeletionReceipts, type DeletionReceipt } from '@domain/privacy/ports/deletion-receipts.port';
import { ErasureRequestRepository } from '@domain/privacy/ports/erasure-request-repository.port';
import { Clock } from '@domain/shared/clock';
import { ConflictError, DomainError } from '@domain/shared/domain-error';
import { EraseAnalysisEvidenceCommand, EraseReviewerNotesCommand } from '@modules/analysis';
import { ShredPersonalDataCommand } from '@modules/audit';
import { DeleteOrganizationExportsCommand } from '@modules/data';
import { RedactEventCopiesCommand } from '@modules/events';
import { DeleteConversationsCommand, FindRecordingsOfCallsQuery } from '@modules/recording';
import { FindAgentWorkspacesQuery, FindCallsByPartyQuery, RedactCallPartiesCommand, RemoveAgentCommand } from '@modules/telephony';
import { DeleteInvitationsToCommand, FindMemberForErasureQuery, RemoveMemberCommand, RemoveWorkspaceMemberCommand } from '@modules/tenancy';
import { RunErasureStepCommand, workOf, type ErasureWork } from './run-erasure-step.command';

type Receipt = Omit<DeletionReceipt, 'cause' | 'erasureRequestId'>;
type StepResult = { receipts: Receipt[]; erased: ErasedResource[] };

const inDatabase = (
  resourceType: string,
  resourceId: string,
  action: Receipt['action'],
  detail: Record<string, unknown> = {},
): Receipt => ({
  resourceType,
  resourceId,
  location: 'database',
  action,
  detail,
});

/** Steps the job does itself (storage, Twilio, platform scope), each copy with its receipt: here they are only marked done. */
const DONE_BY_THE_JOB: readonly ErasureStep[] = ['recordings', 'twilio_call_records', 'stored_answers', 'profile'];

/**
 * The other contexts' commands and queries run through the plain buses, inside this command's
 * transaction: the step commits whole or not at all, and this command's journal entry is its
 * own result alone.
 */
@CommandHandler(RunErasureStepCommand)
export class RunErasureStepHandler implements ICommandHandler<RunErasureStepCommand, ErasureWork> {
  constructor(
    private readonly requests: ErasureRequestRepository,
    private readonly receipts: DeletionReceipts,
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
      const { receipts, erased } = DONE_BY_THE_JOB.includes(c.step)
        ? { receipts: [], erased: c.step === 'recordings' ? request.erasable.recordingIds.map((id) => ({ type: 'recording', id })) : [] }
        : await this.run(c.step, request);
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
    if (request.subjectType === 'user') {
      const userId = request.subject;
      const member = await this.queries.execute(new FindMemberForErasureQuery({ organizationId, userId }));
      const agentWorkspaceIds = await this.queries.execute(new FindAgentWorkspacesQuery({ organizationId, userId }));
      request.located(
        {
          kind: 'user',
          email: member?.email ?? null,
          fullName: member?.fullName ?? null,
          workspaceIds: member?.workspaceIds ?? [],
          agentWorkspaceIds,
        },
        now,
      );
      return;
    }
    const calls = await this.queries.execute(
      new FindCallsByPartyQuery({ organizationId, phoneNumbers: phoneNumberVariants(request.subject) }),
    );
    const callIds = calls.map((call) => call.callId);
    const recordings = await this.queries.execute(new FindRecordingsOfCallsQuery({ organizationId, callIds }));
    const held = recordings.filter((r) => r.legalHold);
    request.located(
      {
        kind: 'phone_number',
        callIds,
        recordingIds: recordings.map((r) => r.recordingId),
        heldRecordingIds: held.map((r) => r.recordingId),
        heldCallIds: [...new Set(held.map((r) => r.callId))],
      },
      now,
    );
  }

  private async run(step: ErasureStep, request: ErasureRequest): Promise<StepResult> {
    const organizationId = request.organizationId;
    switch (step) {
      case 'event_copies': {
        const userId = request.subjectType === 'user' ? request.subject : undefined;
        const counts = await this.commands.execute(new RedactEventCopiesCommand({ organizationId, needles: request.needles, userId }));
        const total = counts.liveEvents + counts.webhookDeliveries + counts.notifications;
        const receipt: Receipt = {
          resourceType: 'event_copies',
          resourceId: organizationId,
          location: 'event_copies',
          action: total > 0 ? 'redacted' : 'nothing_found',
          detail: { ...counts },
        };
        return { receipts: [receipt], erased: [] };
      }
      case 'exports': {
        // Every archive holds the organization's data as it was, the person's included.
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
      default:
        return request.subjectType === 'user' ? this.runUserStep(step, request) : this.runPhoneStep(step, request);
    }
  }

  private async runPhoneStep(step: ErasureStep, request: ErasureRequest): Promise<StepResult> {
    const organizationId = request.organizationId;
    const { callIds, recordingIds } = request.erasable;
    switch (step) {
      case 'conversations': {
        const ids = await this.commands.execute(new DeleteConversationsCommand({ organizationId, callIds, recordingIds }));
        return {
          receipts: ids.map((id) => inDatabase('conversation', id, 'deleted')),
          erased: ids.map((id) => ({ type: 'conversation', id })),
        };
      }
      case 'analyses': {
        const ids = await this.commands.execute(new EraseAnalysisEvidenceCommand({ organizationId, callIds, recordingIds }));
        const detail = { erased: ['evidence', 'reviewNotes'], kept: ['fraudScore', 'riskFactors.code'] };
        return {
          receipts: ids.map((id) => inDatabase('analysis', id, 'redacted', detail)),
          erased: ids.map((id) => ({ type: 'analysis', id })),
        };
      }
      case 'calls': {
        const numbers = phoneNumberVariants(request.subject);
        const redacted = await this.commands.execute(new RedactCallPartiesCommand({ organizationId, callIds, phoneNumbers: numbers }));
        const fields = { fields: ['from', 'to', 'participants.address'] };
        const { heldCallIds, heldRecordingIds } = request.scope;
        return {
          receipts: [
            ...callIds.map((id) => inDatabase('call', id, redacted.callIds.includes(id) ? 'redacted' : 'already_gone', fields)),
            ...heldCallIds.map((id) => inDatabase('call', id, 'kept', { reason: 'legal_hold', heldRecordingIds })),
          ],
          erased: callIds.map((id) => ({ type: 'call', id })),
        };
      }
      default:
        throw new Error(`No phone-number erasure step ${step}`);
    }
  }

  private async runUserStep(step: ErasureStep, request: ErasureRequest): Promise<StepResult> {
    const organizationId = request.organizationId;
    const userId = request.subject;
    const { email, workspaceIds, agentWorkspaceIds } = request.userScope;
    switch (step) {
      case 'agents':
        return this.eachRemoved('agent', agentWorkspaceIds, (workspaceId) =>
          this.commands.execute(new RemoveAgentCommand({ organizationId, workspaceId, userId })),
        );
      case 'workspace_memberships':
        return this.eachRemoved('workspace_member', workspaceIds, (workspaceId) =>
          this.commands.execute(
            new RemoveWorkspaceMemberCommand({ organizationId, workspaceId, userId, actorManagesAllWorkspaces: true, actorUserId: null }),
          ),
        );
      case 'membership':
        return this.eachRemoved('member', [userId], () =>
          this.commands.execute(new RemoveMemberCommand({ organizationId, userId, actorRole: null })),
        );
      case 'invitations': {
        const ids = email ? await this.commands.execute(new DeleteInvitationsToCommand({ organizationId, email })) : [];
        return {
          receipts: ids.map((id) => inDatabase('invitation', id, 'deleted')),
          erased: ids.map((id) => ({ type: 'invitation', id })),
        };
      }
      case 'reviews': {
        const ids = await this.commands.execute(new EraseReviewerNotesCommand({ organizationId, userId }));
        return { receipts: ids.map((id) => inDatabase('analysis', id, 'redacted', { erased: ['reviewNotes'] })), erased: [] };
      }
      default:
        throw new Error(`No user erasure step ${step}`);
    }
  }

  /** Removes through the owning context's command (its event goes on the audit trail); one already gone is said so. */
  private async eachRemoved(resourceType: string, ids: readonly string[], remove: (id: string) => Promise<unknown>): Promise<StepResult> {
    const receipts: Receipt[] = [];
    for (const id of ids) {
      try {
        await remove(id);
        receipts.push(inDatabase(resourceType, id, 'deleted'));
      } catch (error) {
        if (!(error instanceof DomainError && error.kind === 'not_found')) throw error;
        receipts.push(inDatabase(resourceType, id, 'already_gone'));
      }
    }
    return { receipts, erased: [] };
  }

  /**
   * The subject's keys go, and the free-text keys of every resource erased. Under a legal hold the
   * number's key stays: the held call's audit rows are evidence too.
   */
  private async shredAudit(request: ErasureRequest): Promise<StepResult> {
    const organizationId = request.organizationId;
    if (request.subjectType === 'user') {
      const { email } = request.userScope;
      const { keysDestroyed } = await this.commands.execute(
        new ShredPersonalDataCommand({ organizationId, userIds: [request.subject], emails: email ? [email] : [] }),
      );
      const receipt: Receipt = {
        resourceType: 'user',
        resourceId: request.subject,
        location: 'audit_trail',
        action: 'shredded',
        detail: {
          keysDestroyed,
          note: "Audit rows and their hashes are unchanged; the user's email, IP addresses and user agents now read [erased]",
        },
      };
      return { receipts: [receipt], erased: [] };
    }
    const held = request.scope.heldCallIds.length > 0;
    const { keysDestroyed } = await this.commands.execute(
      new ShredPersonalDataCommand({ organizationId, phoneNumbers: held ? [] : [request.subject], resources: [...request.erased] }),
    );
    const receipt: Receipt = {
      resourceType: 'phone_number',
      resourceId: request.snapshot.subjectMasked,
      location: 'audit_trail',
      action: held ? 'kept' : 'shredded',
      detail: held
        ? { reason: 'legal_hold', keysDestroyed, note: "The number's audit values stay readable while a recording of its calls is held" }
        : { keysDestroyed, note: 'Audit rows and their hashes are unchanged; their personal values now read [erased]' },
    };
    return { receipts: [receipt], erased: [] };
  }
}
