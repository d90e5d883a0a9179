import { Command } from '@nestjs/cqrs';
import type { StoredCopy } from '@domain/recording/recording.aggregate';

export interface MarkRecordingStoredProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly stored: StoredCopy;
}

export class MarkRecordingStoredCommand extends Command<void> {
  constructor(readonly props: MarkRecordingStoredProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
