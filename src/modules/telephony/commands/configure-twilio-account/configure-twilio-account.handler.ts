import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { SecretBox } from '@domain/shared/ports/secret-box.port';
import { TwilioAccountRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { TelephonySettings } from '@domain/telephony/ports/telephony-settings.port';
import { secretContext } from '@domain/telephony/secret-contexts';
import { TwilioAccount, type TwilioAccountInput } from '@domain/telephony/twilio-account.aggregate';
import { ConfigureTwilioAccountCommand } from './configure-twilio-account.command';

@CommandHandler(ConfigureTwilioAccountCommand)
export class ConfigureTwilioAccountHandler implements ICommandHandler<ConfigureTwilioAccountCommand, void> {
  constructor(
    private readonly accounts: TwilioAccountRepository,
    private readonly secrets: SecretBox,
    private readonly settings: TelephonySettings,
    private readonly clock: Clock,
  ) {}

  async execute({ props: { organizationId, workspaceId, settings, verified } }: ConfigureTwilioAccountCommand): Promise<void> {
    TwilioAccount.validateSids(settings);
    const tokenContext = secretContext(workspaceId, 'authToken');
    const input: TwilioAccountInput = {
      accountSid: settings.accountSid,
      authToken: this.secrets.seal(settings.authToken, tokenContext),
      authTokenFingerprint: this.secrets.fingerprint(settings.authToken, tokenContext),
      apiKeySid: settings.apiKeySid,
      apiKeySecret: settings.apiKeySecret ? this.secrets.seal(settings.apiKeySecret, secretContext(workspaceId, 'apiKeySecret')) : null,
      twimlAppSid: settings.twimlAppSid,
      verified,
    };
    const now = this.clock.now();
    const existing = await this.accounts.findByWorkspace(organizationId, workspaceId);
    if (existing) {
      existing.reconfigure(input, now, this.settings.tokenRotationWindowSeconds);
      await this.accounts.save(existing);
    } else {
      await this.accounts.save(TwilioAccount.configureNew(organizationId, workspaceId, input, now));
    }
  }
}
