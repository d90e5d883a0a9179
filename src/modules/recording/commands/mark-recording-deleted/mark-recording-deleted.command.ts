import { Command } from '@nestjs/cqrs';

/** The stored object (and any Twilio copy) was removed; the row keeps metadata and hash. */
export class MarkRecordingDeletedCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly recordingId: string,
    readonly reason: 'requested' | 'retention',
  ) {
    super();
  }
}
