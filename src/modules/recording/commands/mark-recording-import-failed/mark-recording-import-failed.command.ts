import { Command } from '@nestjs/cqrs';

export interface MarkRecordingImportFailedProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly reason: string;
  readonly attempts: number;
}

/** The last attempt failed: the reason is kept and shown; an admin may retry. */
export class MarkRecordingImportFailedCommand extends Command<void> {
  constructor(readonly props: MarkRecordingImportFailedProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
