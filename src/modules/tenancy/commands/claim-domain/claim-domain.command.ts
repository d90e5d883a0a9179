import { OrganizationCommand } from '../../../shared';

export interface ClaimDomainProps {
  readonly organizationId: string;
  readonly domain: string;
}

/** Claims an email domain (pending until verified through DNS), replacing the organization's claim on another. */
export class ClaimDomainCommand extends OrganizationCommand<ClaimDomainProps> {}
