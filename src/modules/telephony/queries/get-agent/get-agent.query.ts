import { OrganizationQuery } from '../../../shared';
import type { AgentView } from '@domain/telephony/ports/telephony-read-model.port';

export interface GetAgentProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly userId: string;
}

export class GetAgentQuery extends OrganizationQuery<GetAgentProps, AgentView | null> {}
