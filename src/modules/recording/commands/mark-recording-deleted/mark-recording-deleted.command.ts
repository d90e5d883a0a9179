import { OrganizationCommand } from '../../../shared';
import type { RecordingDeletionReason } from '@domain/recording/recording.aggregate';

export interface MarkRecordingDeletedProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly reason: RecordingDeletionReason;
}

/** The stored object (and any Twilio copy) was removed; the row keeps metadata and hash. */
export class MarkRecordingDeletedCommand extends OrganizationCommand<MarkRecordingDeletedProps> {}
