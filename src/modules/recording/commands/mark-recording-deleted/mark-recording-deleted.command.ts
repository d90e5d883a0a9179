import { Command } from '@nestjs/cqrs';
import type { RecordingDeletionReason } from '@domain/recording/recording.aggregate';

export interface MarkRecordingDeletedProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly reason: RecordingDeletionReason;
}

/** The stored object (and any Twilio copy) was removed; the row keeps metadata and hash. */
export class MarkRecordingDeletedCommand extends Command<void> {
  constructor(readonly props: MarkRecordingDeletedProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
