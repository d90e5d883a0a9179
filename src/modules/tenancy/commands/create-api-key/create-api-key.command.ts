import { OrganizationCommand } from '../../../shared';

export interface CreatedApiKey {
  id: string;
  key: string;
  prefix: string;
}

export interface CreateApiKeyProps {
  readonly organizationId: string;
  readonly name: string;
  readonly scopes: string[];
  readonly expiresAt: Date | null;
  readonly createdBy: string | null;
  /** A key can never do more than whoever creates it. */
  readonly grantable: (scope: string) => boolean;
}

export class CreateApiKeyCommand extends OrganizationCommand<CreateApiKeyProps, CreatedApiKey> {}
