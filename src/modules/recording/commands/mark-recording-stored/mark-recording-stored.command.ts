import { Command } from '@nestjs/cqrs';

export class MarkRecordingStoredCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly recordingId: string,
    readonly stored: { backend: string; objectKey: string; contentType: string; sizeBytes: number; sha256: string },
  ) {
    super();
  }
}
