import { OrganizationCommand } from '../../../shared';

export interface SealAuditChainProps {
  readonly organizationId: string;
}

/** Appends the organization's unsealed audit rows to its hash chain. Returns how many. */
export class SealAuditChainCommand extends OrganizationCommand<SealAuditChainProps, number> {}
