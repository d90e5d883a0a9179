import { Injectable } from '@nestjs/common';
import { dialRefusedError } from '@domain/telephony/dialing-policy';
import { toE164 } from '@domain/telephony/phone-number';
import { TelephonyGateway } from '@domain/telephony/ports/telephony-gateway.port';
import { TelephonySettings } from '@domain/telephony/ports/telephony-settings.port';
import { TransactionalCommandBus } from '../shared';
import { webhookUrls } from './call-routing';
import { AuthorizeOutboundCallCommand } from './commands/authorize-outbound-call/authorize-outbound-call.command';
import { RecordOutboundCallCommand } from './commands/record-outbound-call/record-outbound-call.command';
import { TwilioCredentialsService } from './twilio-credentials.service';

export interface StartOutboundCall {
  organizationId: string;
  workspaceId: string;
  to: string;
  fromNumberId: string | null;
  /** The agent whose softphone rings first; defaults to the caller. */
  agentUserId: string;
}

/**
 * Click-to-call. Twilio is called outside any transaction; only its answer is recorded,
 * by a command. Twilio rings the agent, then our TwiML bridges to the customer.
 */
@Injectable()
export class OutboundCallsService {
  constructor(
    private readonly credentials: TwilioCredentialsService,
    private readonly gateway: TelephonyGateway,
    private readonly settings: TelephonySettings,
    private readonly commands: TransactionalCommandBus,
  ) {}

  async start(input: StartOutboundCall): Promise<{ callId: string }> {
    const customer = toE164(input.to);
    const { agent, from, refusal } = await this.commands.execute(
      new AuthorizeOutboundCallCommand({
        organizationId: input.organizationId,
        workspaceId: input.workspaceId,
        agentUserId: input.agentUserId,
        fromNumberId: input.fromNumberId,
        customer,
      }),
    );
    // Thrown after the commit, so the refusal stays on the audit trail; Twilio is never asked.
    if (refusal) throw dialRefusedError(refusal);
    // Between that check and the call being recorded below, another click-to-call of the same
    // workspace can pass the daily cap too: the cap may be overshot by the dials in flight.
    const twilio = await this.credentials.forWorkspace(input.organizationId, input.workspaceId);
    const urls = webhookUrls(this.settings.publicBaseUrl);
    const provider = await this.gateway.createCall(
      { accountSid: twilio.accountSid, authToken: twilio.authToken },
      { to: `client:${agent.identity}`, from: from.e164, twimlUrl: urls.voice, statusCallbackUrl: urls.status, timeoutSeconds: 30 },
    );
    return this.commands.execute(
      new RecordOutboundCallCommand({
        organizationId: input.organizationId,
        workspaceId: input.workspaceId,
        provider,
        customer,
        from,
        agent,
      }),
    );
  }
}
