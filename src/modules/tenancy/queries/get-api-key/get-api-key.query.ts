import { OrganizationQuery } from '../../../shared';
import type { ApiKeyView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface GetApiKeyProps {
  readonly organizationId: string;
  readonly keyId: string;
}

export class GetApiKeyQuery extends OrganizationQuery<GetApiKeyProps, ApiKeyView | null> {}
