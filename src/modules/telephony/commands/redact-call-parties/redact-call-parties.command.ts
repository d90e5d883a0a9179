import { OrganizationCommand } from '../../../shared';

export interface RedactCallPartiesProps {
  readonly organizationId: string;
  readonly callIds: readonly string[];
  readonly phoneNumbers: readonly string[];
}

/**
 * Erasure: the number becomes `[erased]` wherever these calls name it (caller, callee,
 * participants). The calls themselves stay, for analytics and for their other party.
 */
export class RedactCallPartiesCommand extends OrganizationCommand<
  RedactCallPartiesProps,
  { callIds: string[]; participantIds: string[] }
> {}
