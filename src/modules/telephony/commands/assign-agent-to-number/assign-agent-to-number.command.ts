import { OrganizationCommand } from '../../../shared';

export interface AssignAgentToNumberProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly phoneNumberId: string;
  readonly userId: string;
  readonly position: number | null;
}

/** Puts an agent on a number's ringing list, at `position` (0 first) or last. */
export class AssignAgentToNumberCommand extends OrganizationCommand<AssignAgentToNumberProps> {}
