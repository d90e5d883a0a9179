import { OrganizationCommand } from '../../../shared';

export interface MarkRecordingImportFailedProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly reason: string;
  readonly attempts: number;
}

/** The last attempt failed: the reason is kept and shown; an admin may retry. */
export class MarkRecordingImportFailedCommand extends OrganizationCommand<MarkRecordingImportFailedProps> {}
