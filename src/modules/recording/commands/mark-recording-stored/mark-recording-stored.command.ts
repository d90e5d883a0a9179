import { Command } from '@nestjs/cqrs';

export interface MarkRecordingStoredProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly stored: { backend: string; objectKey: string; contentType: string; sizeBytes: number; sha256: string };
}

export class MarkRecordingStoredCommand extends Command<void> {
  constructor(readonly props: MarkRecordingStoredProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
