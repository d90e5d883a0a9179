import { OrganizationCommand } from '../../../shared';
import type { DialRefusal } from '@domain/telephony/dialing-policy';

export interface AuthorizedOutboundCall {
  agent: { userId: string; identity: string };
  from: { phoneNumberId: string; e164: string };
  /** Set when the dialing policy refuses: the refusal is on the audit trail, and nothing may be dialled. */
  refusal: DialRefusal | null;
}

export interface AuthorizeOutboundCallProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly agentUserId: string;
  readonly fromNumberId: string | null;
  /** E.164, already validated. */
  readonly customer: string;
}

/**
 * Click-to-call, before Twilio is asked: the agent, the caller-ID number and the dialing policy.
 * A refusal is returned, not thrown, so its audit row commits.
 */
export class AuthorizeOutboundCallCommand extends OrganizationCommand<AuthorizeOutboundCallProps, AuthorizedOutboundCall> {}
