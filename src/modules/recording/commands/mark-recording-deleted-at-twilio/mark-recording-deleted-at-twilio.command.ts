import { Command } from '@nestjs/cqrs';

/** Twilio's copy is gone (it was deleted after ours was verified). */
export class MarkRecordingDeletedAtTwilioCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly recordingId: string,
  ) {
    super();
  }
}
