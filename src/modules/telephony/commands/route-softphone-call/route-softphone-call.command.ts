import { Command } from '@nestjs/cqrs';
import type { CallPlan } from '@domain/telephony/ports/twilio-webhooks.port';

export interface RouteSoftphoneCallProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly call: { callSid: string; identity: string; to: string; callerId: string | null };
}

/** An agent dialled out from the browser (through the TwiML App): check, record, and dial. */
export class RouteSoftphoneCallCommand extends Command<CallPlan> {
  constructor(readonly props: RouteSoftphoneCallProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
