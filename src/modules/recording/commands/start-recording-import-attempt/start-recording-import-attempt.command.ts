import { OrganizationCommand } from '../../../shared';

export interface StartRecordingImportAttemptProps {
  readonly organizationId: string;
  readonly recordingId: string;
}

/** An import attempt begins: counted before any byte moves, so an attempt cut short by a crash counts too. */
export class StartRecordingImportAttemptCommand extends OrganizationCommand<StartRecordingImportAttemptProps> {}
