import { OrganizationCommand } from '../../../shared';
import type { CallPlan } from '@domain/telephony/ports/twilio-webhooks.port';

export interface RouteSoftphoneCallProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly call: { callSid: string; identity: string; to: string; callerId: string | null };
}

/** An agent dialled out from the browser (through the TwiML App): check, record, and dial. */
export class RouteSoftphoneCallCommand extends OrganizationCommand<RouteSoftphoneCallProps, CallPlan> {}
