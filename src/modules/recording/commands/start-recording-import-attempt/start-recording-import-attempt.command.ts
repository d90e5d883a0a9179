import { Command } from '@nestjs/cqrs';

export interface StartRecordingImportAttemptProps {
  readonly organizationId: string;
  readonly recordingId: string;
}

/** An import attempt begins: counted before any byte moves, so an attempt cut short by a crash counts too. */
export class StartRecordingImportAttemptCommand extends Command<void> {
  constructor(readonly props: StartRecordingImportAttemptProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
