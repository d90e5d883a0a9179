import { OrganizationQuery } from '../../../shared';

export interface FindCallsByPartyProps {
  readonly organizationId: string;
  /** The number as stored (E.164) and any other spelling of it. */
  readonly phoneNumbers: readonly string[];
}

/** Erasure finds the calls a person's phone number took part in. */
export class FindCallsByPartyQuery extends OrganizationQuery<FindCallsByPartyProps, { callId: string; workspaceId: string }[]> {}
