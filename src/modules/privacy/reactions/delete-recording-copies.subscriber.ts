import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { OrganizationExportDeleted } from '@domain/data/events/data.events';
import type { DeletionReceipt } from '@domain/privacy/ports/deletion-receipts.port';
import { DeletionReceipts } from '@domain/privacy/ports/deletion-receipts.port';
import { RecordingDeleted } from '@domain/recording/events/recording.events';
import { DomainEventSubscriptions } from '@domain/shared/ports/domain-event-subscriptions.port';
import { EraseAnalysisEvidenceCommand } from '@modules/analysis';
import { ShredPersonalDataCommand } from '@modules/audit';
import { DeleteConversationsCommand } from '@modules/recording';

/**
 * When a recording's audio goes (its retention ran out, or someone deleted it), every other copy
 * of what was said goes with it, in the same transaction: its transcript and summary, the
 * evidence quoted by its analysis, and the free text about them in the audit trail. Each with a
 * receipt. Expired export archives get theirs too. Erasures write their own receipts.
 */
@Injectable()
export class DeleteRecordingCopiesSubscriber implements OnModuleInit {
  constructor(
    private readonly subscriptions: DomainEventSubscriptions,
    private readonly commands: CommandBus,
    private readonly receipts: DeletionReceipts,
  ) {}

  onModuleInit(): void {
    this.subscriptions.onEventInTransaction(RecordingDeleted, 'privacy.recording-copies', (event) => this.recordingDeleted(event));
    this.subscriptions.onEventInTransaction(OrganizationExportDeleted, 'privacy.export-receipts', (event) => this.exportDeleted(event));
  }

  async recordingDeleted(event: RecordingDeleted): Promise<void> {
    if (event.payload.reason === 'erasure') return;
    const cause: DeletionReceipt['cause'] = event.payload.reason === 'retention' ? 'retention' : 'request';
    const organizationId = event.organizationId;
    const recordingId = event.resourceId;
    const ofRecording = { organizationId, callIds: [], recordingIds: [recordingId] };
    // The call's conversation is the transcript of its recording, even when written before the recording existed.
    const callIds = event.payload.callId ? [event.payload.callId] : [];
    const conversationIds = await this.commands.execute(new DeleteConversationsCommand({ ...ofRecording, callIds }));
    const analysisIds = await this.commands.execute(new EraseAnalysisEvidenceCommand(ofRecording));
    const resources = [
      { type: 'recording', id: recordingId },
      ...conversationIds.map((id) => ({ type: 'conversation', id })),
      ...analysisIds.map((id) => ({ type: 'analysis', id })),
    ];
    const { keysDestroyed } = await this.commands.execute(new ShredPersonalDataCommand({ organizationId, resources }));
    const receipt = (r: Omit<DeletionReceipt, 'cause' | 'erasureRequestId'>): DeletionReceipt => ({ ...r, cause, erasureRequestId: null });
    await this.receipts.record(organizationId, [
      receipt({ resourceType: 'recording', resourceId: recordingId, location: 'object_storage', action: 'deleted', detail: {} }),
      ...conversationIds.map((id) =>
        receipt({ resourceType: 'conversation', resourceId: id, location: 'database', action: 'deleted', detail: { recordingId } }),
      ),
      ...analysisIds.map((id) =>
        receipt({
          resourceType: 'analysis',
          resourceId: id,
          location: 'database',
          action: 'redacted',
          detail: { erased: ['evidence', 'reviewNotes'] },
        }),
      ),
      receipt({
        resourceType: 'recording',
        resourceId: recordingId,
        location: 'audit_trail',
        action: keysDestroyed > 0 ? 'shredded' : 'nothing_found',
        detail: { keysDestroyed },
      }),
    ]);
  }

  async exportDeleted(event: OrganizationExportDeleted): Promise<void> {
    if (event.payload.reason !== 'retention') return;
    await this.receipts.record(event.organizationId, [
      {
        cause: 'retention',
        erasureRequestId: null,
        resourceType: 'organization_export',
        resourceId: event.resourceId,
        location: 'export_archive',
        action: 'deleted',
        detail: {},
      },
    ]);
  }
}
