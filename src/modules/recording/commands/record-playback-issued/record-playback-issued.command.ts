import { Command } from '@nestjs/cqrs';

/** A playback URL was signed: who, when and from where go on the audit trail. */
export class RecordPlaybackIssuedCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly recordingId: string,
    readonly expiresAt: Date,
  ) {
    super();
  }
}
