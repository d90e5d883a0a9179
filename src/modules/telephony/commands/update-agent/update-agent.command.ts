import { OrganizationCommand } from '../../../shared';
import type { AgentAvailability } from '@domain/telephony/agent.aggregate';

export interface UpdateAgentProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly userId: string;
  readonly patch: { identity?: string; availability?: AgentAvailability };
}

export class UpdateAgentCommand extends OrganizationCommand<UpdateAgentProps> {}
