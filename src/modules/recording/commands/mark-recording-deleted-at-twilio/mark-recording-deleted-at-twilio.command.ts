import { OrganizationCommand } from '../../../shared';

export interface MarkRecordingDeletedAtTwilioProps {
  readonly organizationId: string;
  readonly recordingId: string;
}

/** Twilio's copy is gone (it was deleted after ours was verified). */
export class MarkRecordingDeletedAtTwilioCommand extends OrganizationCommand<MarkRecordingDeletedAtTwilioProps> {}
