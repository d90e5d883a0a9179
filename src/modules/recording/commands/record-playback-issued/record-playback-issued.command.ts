import { OrganizationCommand } from '../../../shared';

export interface RecordPlaybackIssuedProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly expiresAt: Date;
}

/** A playback URL was signed: who, when and from where go on the audit trail. */
export class RecordPlaybackIssuedCommand extends OrganizationCommand<RecordPlaybackIssuedProps> {}
