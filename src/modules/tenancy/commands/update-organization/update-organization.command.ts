import { OrganizationCommand } from '../../../shared';

export interface UpdateOrganizationProps {
  readonly organizationId: string;
  readonly patch: { name?: string; domain?: string | null; settings?: Record<string, unknown> };
}

/** `domain`: a string claims it (pending until verified, see ClaimDomainCommand), null gives the claim up. */
export class UpdateOrganizationCommand extends OrganizationCommand<UpdateOrganizationProps> {}
