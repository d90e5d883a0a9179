import { OrganizationCommand } from '../../../shared';

export interface RecordDomainCheckProps {
  readonly organizationId: string;
  readonly checked: { domain: string; recordValue: string };
  readonly txtRecords: string[];
  readonly purpose: 'verify' | 'recheck';
}

/**
 * What DNS answered for a claim's TXT record, looked up outside any transaction.
 *
 * - `verify` (an admin asked): verifies the claim when a record proves it; refuses when
 *   another organization holds the domain verified (409) or no record proves it (422).
 * - `recheck` (the periodic job): a verified claim stays verified while its record is there,
 *   and goes back to pending when DNS answered without it.
 *
 * `checked` names the claim the lookup was for: if it was replaced meanwhile, the answer
 * proves nothing about the new one.
 */
export class RecordDomainCheckCommand extends OrganizationCommand<RecordDomainCheckProps, { status: 'pending' | 'verified' | null }> {}
