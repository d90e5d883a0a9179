import { Command } from '@nestjs/cqrs';

/** Under legal hold a recording is neither deleted by retention nor by request. */
export class SetLegalHoldCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly recordingId: string,
    readonly hold: boolean,
    readonly reason: string | null,
  ) {
    super();
  }
}
