import { OrganizationCommand } from '../../../shared';
import type { StoredCopy } from '@domain/recording/recording.aggregate';

export interface MarkRecordingStoredProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly stored: StoredCopy;
}

export class MarkRecordingStoredCommand extends OrganizationCommand<MarkRecordingStoredProps> {}
