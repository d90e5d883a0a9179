import { OrganizationCommand } from '../../../shared';
import type { CallPlan } from '@domain/telephony/ports/twilio-webhooks.port';

export interface ReceiveInboundCallProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  /** Null when Twilio comes back for a call already recorded (a retry, or the next agent to ring). */
  readonly phoneNumberId: string | null;
  readonly call: { callSid: string; from: string; to: string; status: string | undefined; stirVerstat: string | null };
  /** 0 on arrival; n when the n-th agent of a sequential list did not answer. */
  readonly attempt: number;
}

/** Someone called one of our numbers: record the call and decide who rings. */
export class ReceiveInboundCallCommand extends OrganizationCommand<ReceiveInboundCallProps, CallPlan> {}
