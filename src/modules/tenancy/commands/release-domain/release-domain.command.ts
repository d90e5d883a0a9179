import { OrganizationCommand } from '../../../shared';

export interface ReleaseDomainProps {
  readonly organizationId: string;
}

/** Gives up the organization's email domain: it captures nobody any more. */
export class ReleaseDomainCommand extends OrganizationCommand<ReleaseDomainProps> {}
