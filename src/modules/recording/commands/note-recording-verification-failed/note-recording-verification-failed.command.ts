import { Command } from '@nestjs/cqrs';

export interface NoteRecordingVerificationFailedProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly reason: string;
  readonly attempt: number;
}

/** An attempt's bytes (downloaded, or read back from storage) were not the recording: say why on the custody trail. */
export class NoteRecordingVerificationFailedCommand extends Command<void> {
  constructor(readonly props: NoteRecordingVerificationFailedProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
