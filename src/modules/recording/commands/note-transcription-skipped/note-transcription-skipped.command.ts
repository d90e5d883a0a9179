import { Command } from '@nestjs/cqrs';

/** No transcript will come by itself (no transcriber configured, or it failed for good): say why. */
export class NoteTranscriptionSkippedCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly callId: string,
    readonly reason: string,
  ) {
    super();
  }
}
