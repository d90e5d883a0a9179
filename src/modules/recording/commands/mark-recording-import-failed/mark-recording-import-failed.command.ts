import { Command } from '@nestjs/cqrs';

/** The last attempt failed: the reason is kept and shown; an admin may retry. */
export class MarkRecordingImportFailedCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly recordingId: string,
    readonly reason: string,
    readonly attempts: number,
  ) {
    super();
  }
}
