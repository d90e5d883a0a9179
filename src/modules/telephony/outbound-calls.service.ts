import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../domain/shared/ports/unit-of-work.port';
import { agentNotFound, notAnAgent, phoneNumberNotFound } from '../../domain/telephony/errors';
import { toE164 } from '../../domain/telephony/phone-number';
import { AgentRepository, PhoneNumberRepository } from '../../domain/telephony/ports/telephony-repositories.port';
import { TelephonyGateway } from '../../domain/telephony/ports/telephony-gateway.port';
import { TelephonySettings } from '../../domain/telephony/ports/telephony-settings.port';
import { TransactionalCommandBus } from '../shared';
import { webhookUrls } from './call-routing';
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
    private readonly unitOfWork: UnitOfWork,
    private readonly agents: AgentRepository,
    private readonly numbers: PhoneNumberRepository,
    private readonly credentials: TwilioCredentialsService,
    private readonly gateway: TelephonyGateway,
    private readonly settings: TelephonySettings,
    private readonly commands: TransactionalCommandBus,
  ) {}

  async start(input: StartOutboundCall): Promise<{ callId: string }> {
    const customer = toE164(input.to);
    const { agent, from } = await this.unitOfWork.run({ organizationId: input.organizationId }, async () => {
      const agent = await this.agents.find(input.organizationId, input.workspaceId, input.agentUserId);
      if (!agent) throw input.agentUserId ? agentNotFound() : notAnAgent();
      const own = await this.numbers.findAssignedTo(input.organizationId, input.workspaceId, agent.userId);
      const from = input.fromNumberId
        ? await this.numbers.findById(input.organizationId, input.workspaceId, input.fromNumberId)
        : (own[0] ?? null);
      if (!from) throw phoneNumberNotFound();
      return { agent, from };
    });
    const twilio = await this.credentials.forWorkspace(input.organizationId, input.workspaceId);
    const urls = webhookUrls(this.settings.publicBaseUrl);
    const provider = await this.gateway.createCall(
      { accountSid: twilio.accountSid, authToken: twilio.authToken },
      { to: `client:${agent.identity}`, from: from.e164, twimlUrl: urls.voice, statusCallbackUrl: urls.status, timeoutSeconds: 30 },
    );
    return this.commands.execute(
      new RecordOutboundCallCommand(
        input.organizationId,
        input.workspaceId,
        provider,
        customer,
        { phoneNumberId: from.id, e164: from.e164 },
        { userId: agent.userId, identity: agent.identity },
      ),
    );
  }
}
