import { OrganizationCommand } from '../../../shared';

export interface NoteRecordingVerificationFailedProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly reason: string;
  readonly attempt: number;
}

/** An attempt's bytes (downloaded, or read back from storage) were not the recording: say why on the custody trail. */
export class NoteRecordingVerificationFailedCommand extends OrganizationCommand<NoteRecordingVerificationFailedProps> {}
