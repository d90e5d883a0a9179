import { OrganizationCommand } from '../../../shared';

export interface RetryRecordingImportProps {
  readonly organizationId: string;
  readonly recordingId: string;
}

/** An admin puts a failed import back in the queue. */
export class RetryRecordingImportCommand extends OrganizationCommand<RetryRecordingImportProps> {}
