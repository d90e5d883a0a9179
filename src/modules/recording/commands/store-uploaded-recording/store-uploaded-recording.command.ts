import { Command } from '@nestjs/cqrs';

/** An uploaded file is in storage, inspected and hashed: record it (the caller checked it is not a duplicate). */
export class StoreUploadedRecordingCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly recordingId: string,
    readonly file: {
      fileName: string | null;
      channels: number;
      durationSeconds: number | null;
      backend: string;
      objectKey: string;
      contentType: string;
      sizeBytes: number;
      sha256: string;
    },
  ) {
    super();
  }
}
