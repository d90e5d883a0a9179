import { Command } from '@nestjs/cqrs';

export interface StoreUploadedRecordingProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly file: {
    fileName: string | null;
    channels: number;
    durationSeconds: number | null;
    backend: string;
    objectKey: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
  };
}

/** An uploaded file is in storage, inspected and hashed: record it (the caller checked it is not a duplicate). */
export class StoreUploadedRecordingCommand extends Command<void> {
  constructor(readonly props: StoreUploadedRecordingProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
