import { OrganizationCommand } from '../../../shared';

export interface RevokeApiKeyProps {
  readonly organizationId: string;
  readonly keyId: string;
}

export class RevokeApiKeyCommand extends OrganizationCommand<RevokeApiKeyProps> {}
