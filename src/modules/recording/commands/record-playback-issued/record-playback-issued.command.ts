import { Command } from '@nestjs/cqrs';

export interface RecordPlaybackIssuedProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly expiresAt: Date;
}

/** A playback URL was signed: who, when and from where go on the audit trail. */
export class RecordPlaybackIssuedCommand extends Command<void> {
  constructor(readonly props: RecordPlaybackIssuedProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
