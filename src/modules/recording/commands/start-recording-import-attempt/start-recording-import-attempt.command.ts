import { Command } from '@nestjs/cqrs';

/** An import attempt begins: counted before any byte moves, so an attempt cut short by a crash counts too. */
export class StartRecordingImportAttemptCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly recordingId: string,
  ) {
    super();
  }
}
