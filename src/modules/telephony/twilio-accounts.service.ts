import { Injectable } from '@nestjs/common';
import { DomainError } from '@domain/shared/domain-error';
import { TelephonyUnavailableError } from '@domain/telephony/errors';
import { TelephonyGateway } from '@domain/telephony/ports/telephony-gateway.port';
import { TwilioAccount } from '@domain/telephony/twilio-account.aggregate';
import { TenantQueryBus, TransactionalCommandBus } from '../shared';
import {
  ConfigureTwilioAccountCommand,
  type TwilioAccountSettings,
} from './commands/configure-twilio-account/configure-twilio-account.command';
import { assertWorkspaceExists } from './workspace-exists';

/**
 * Checks the credentials with Twilio (outside any transaction), then records them. The
 * workspace is looked up first, so Twilio is never asked about a workspace the caller cannot see.
 */
@Injectable()
export class TwilioAccountsService {
  constructor(
    private readonly gateway: TelephonyGateway,
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
  ) {}

  async configure(organizationId: string, workspaceId: string, settings: TwilioAccountSettings, verify: boolean): Promise<void> {
    await assertWorkspaceExists(this.queries, organizationId, workspaceId);
    TwilioAccount.validateSids(settings);
    if (verify) {
      try {
        await this.gateway.verifyAccount({ accountSid: settings.accountSid, authToken: settings.authToken });
      } catch (error) {
        if (error instanceof TelephonyUnavailableError && error.code === 'twilio.auth_failed') {
          throw new DomainError('twilio.invalid_credentials', 'Twilio refused these credentials', 'unprocessable');
        }
        throw error;
      }
    }
    await this.commands.execute(new ConfigureTwilioAccountCommand({ organizationId, workspaceId, settings, verified: verify }));
  }
}
