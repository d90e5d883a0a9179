import { OrganizationCommand } from '../../../shared';

export interface RemovePhoneNumberProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly phoneNumberId: string;
}

export class RemovePhoneNumberCommand extends OrganizationCommand<RemovePhoneNumberProps> {}
