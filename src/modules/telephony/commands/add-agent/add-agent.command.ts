import { OrganizationCommand } from '../../../shared';
import type { AgentAvailability } from '@domain/telephony/agent.aggregate';

export interface AddAgentProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly userId: string;
  readonly identity: string;
  readonly availability?: AgentAvailability;
}

export class AddAgentCommand extends OrganizationCommand<AddAgentProps> {}
