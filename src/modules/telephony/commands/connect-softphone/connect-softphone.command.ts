import { OrganizationCommand } from '../../../shared';

export interface ConnectSoftphoneProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly userId: string;
  readonly until: Date;
}

/** An agent's softphone got a token: the agent is online until it expires (unless busy). */
export class ConnectSoftphoneCommand extends OrganizationCommand<ConnectSoftphoneProps> {}
