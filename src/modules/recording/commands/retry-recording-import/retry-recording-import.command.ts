import { Command } from '@nestjs/cqrs';

export interface RetryRecordingImportProps {
  readonly organizationId: string;
  readonly recordingId: string;
}

/** An admin puts a failed import back in the queue. */
export class RetryRecordingImportCommand extends Command<void> {
  constructor(readonly props: RetryRecordingImportProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
