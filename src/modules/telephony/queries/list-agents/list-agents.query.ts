import { OrganizationQuery } from '../../../shared';
import type { AgentView } from '@domain/telephony/ports/telephony-read-model.port';

export interface ListAgentsProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly after: string | null;
  readonly limit: number;
}

export class ListAgentsQuery extends OrganizationQuery<ListAgentsProps, AgentView[]> {}
