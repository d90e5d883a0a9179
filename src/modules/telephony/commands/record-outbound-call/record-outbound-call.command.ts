import { OrganizationCommand } from '../../../shared';
import type { ProviderCall } from '@domain/telephony/ports/telephony-gateway.port';

export interface RecordOutboundCallProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly provider: ProviderCall;
  readonly customer: string;
  readonly from: { phoneNumberId: string; e164: string };
  readonly agent: { userId: string; identity: string };
}

/** Twilio accepted a click-to-call: it rings the agent first, then the customer. */
export class RecordOutboundCallCommand extends OrganizationCommand<RecordOutboundCallProps, { callId: string }> {}
