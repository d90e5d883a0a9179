import { OrganizationCommand } from '../../../shared';

export interface SetLegalHoldProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly hold: boolean;
  readonly reason: string | null;
}

/** Under legal hold a recording is neither deleted by retention nor by request. */
export class SetLegalHoldCommand extends OrganizationCommand<SetLegalHoldProps> {}
