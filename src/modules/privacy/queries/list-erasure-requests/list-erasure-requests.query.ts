import { OrganizationQuery } from '../../../shared';
import type { ErasureRequestView } from '@domain/privacy/ports/privacy-read-model.port';

export interface ListErasureRequestsProps {
  readonly organizationId: string;
  readonly after: string | null;
  readonly limit: number;
}

export class ListErasureRequestsQuery extends OrganizationQuery<ListErasureRequestsProps, ErasureRequestView[]> {}
