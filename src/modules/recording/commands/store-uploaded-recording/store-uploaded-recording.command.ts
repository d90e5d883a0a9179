import { OrganizationCommand } from '../../../shared';
import type { UploadedFile } from '@domain/recording/recording.aggregate';

export interface StoreUploadedRecordingProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly file: UploadedFile;
}

/** An uploaded file is in storage, inspected and hashed: record it (the caller checked it is not a duplicate). */
export class StoreUploadedRecordingCommand extends OrganizationCommand<StoreUploadedRecordingProps> {}
