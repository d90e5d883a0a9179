import { Injectable } from '@nestjs/common';
import { DomainError } from '@domain/shared/domain-error';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { notAnAgent } from '@domain/telephony/errors';
import { AgentRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { SoftphoneTokenIssuer } from '@domain/telephony/ports/twilio-webhooks.port';
import { TenantQueryBus, TransactionalCommandBus } from '../shared';
import { ConnectSoftphoneCommand } from './commands/connect-softphone/connect-softphone.command';
import { TwilioCredentialsService } from './twilio-credentials.service';
import { assertWorkspaceExists } from './workspace-exists';

const TOKEN_TTL_SECONDS = 3600;

/**
 * Voice access tokens for the caller's own agent identity. A token is the agent's presence:
 * it brings the agent online until it expires, and the softphone refreshing it keeps them so.
 */
@Injectable()
export class SoftphoneService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly agents: AgentRepository,
    private readonly credentials: TwilioCredentialsService,
    private readonly issuer: SoftphoneTokenIssuer,
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
  ) {}

  async tokenFor(
    organizationId: string,
    workspaceId: string,
    userId: string | null,
  ): Promise<{ token: string; identity: string; expiresAt: Date }> {
    const agent = await this.unitOfWork.run({ organizationId }, async () => {
      await assertWorkspaceExists(this.queries, organizationId, workspaceId);
      return userId ? this.agents.find(organizationId, workspaceId, userId) : null;
    });
    if (!agent) throw notAnAgent();
    const twilio = await this.credentials.forWorkspace(organizationId, workspaceId);
    if (!twilio.apiKeySid || !twilio.apiKeySecret || !twilio.twimlAppSid) {
      throw new DomainError(
        'twilio.softphone_not_configured',
        'Set apiKeySid, apiKeySecret and twimlAppSid on the Twilio account first',
        'unprocessable',
      );
    }
    const { token, expiresAt } = this.issuer.issue({
      accountSid: twilio.accountSid,
      apiKeySid: twilio.apiKeySid,
      apiKeySecret: twilio.apiKeySecret,
      twimlAppSid: twilio.twimlAppSid,
      identity: agent.identity,
      ttlSeconds: TOKEN_TTL_SECONDS,
    });
    await this.commands.execute(new ConnectSoftphoneCommand({ organizationId, workspaceId, userId: agent.userId, until: expiresAt }));
    return { token, identity: agent.identity, expiresAt };
  }
}
