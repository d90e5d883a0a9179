import { OrganizationQuery } from '../../../shared';
import type { ApiKeyView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface ListApiKeysProps {
  readonly organizationId: string;
  readonly after: string | null;
  readonly limit: number;
}

export class ListApiKeysQuery extends OrganizationQuery<ListApiKeysProps, ApiKeyView[]> {}
