import { Command } from '@nestjs/cqrs';

export interface MarkRecordingDeletedProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly reason: 'requested' | 'retention';
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
