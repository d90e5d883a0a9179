import { Command } from '@nestjs/cqrs';

export interface MarkRecordingDeletedAtTwilioProps {
  readonly organizationId: string;
  readonly recordingId: string;
}

/** Twilio's copy is gone (it was deleted after ours was verified). */
export class MarkRecordingDeletedAtTwilioCommand extends Command<void> {
  constructor(readonly props: MarkRecordingDeletedAtTwilioProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
