import { OrganizationQuery } from '../../../shared';
import type { CallFilter, CallView } from '@domain/telephony/ports/telephony-read-model.port';

export interface ListCallsProps {
  readonly organizationId: string;
  readonly filter: CallFilter;
  readonly beforeId: string | null;
  readonly limit: number;
  /** The workspaces the caller may see; null for all. */
  readonly only: readonly string[] | null;
}

export class ListCallsQuery extends OrganizationQuery<ListCallsProps, CallView[]> {}
