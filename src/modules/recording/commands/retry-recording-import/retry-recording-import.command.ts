import { Command } from '@nestjs/cqrs';

/** An admin puts a failed import back in the queue. */
export class RetryRecordingImportCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly recordingId: string,
  ) {
    super();
  }
}
