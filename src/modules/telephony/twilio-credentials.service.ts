import { Injectable } from '@nestjs/common';
import { Clock } from '../../domain/shared/clock';
import { SecretBox } from '../../domain/shared/ports/secret-box.port';
import { UnitOfWork } from '../../domain/shared/ports/unit-of-work.port';
import { twilioAccountNotConfigured } from '../../domain/telephony/errors';
import { TwilioAccountRepository, type SigningKeys } from '../../domain/telephony/ports/telephony-repositories.port';
import { secretContext } from '../../domain/telephony/secret-contexts';

export interface WorkspaceTwilio {
  accountSid: string;
  authToken: string;
  apiKeySid: string | null;
  apiKeySecret: string | null;
  twimlAppSid: string | null;
}

/** Opens a workspace's sealed Twilio secrets for a call to Twilio. They never leave the process. */
@Injectable()
export class TwilioCredentialsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly accounts: TwilioAccountRepository,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  forWorkspace(organizationId: string, workspaceId: string): Promise<WorkspaceTwilio> {
    return this.unitOfWork.run({ organizationId }, async () => {
      const account = await this.accounts.findByWorkspace(organizationId, workspaceId);
      if (!account) throw twilioAccountNotConfigured();
      const s = account.snapshot();
      return {
        accountSid: s.accountSid,
        authToken: this.secrets.open(s.authToken, secretContext(workspaceId, 'authToken')),
        apiKeySid: s.apiKeySid,
        apiKeySecret: s.apiKeySecret ? this.secrets.open(s.apiKeySecret, secretContext(workspaceId, 'apiKeySecret')) : null,
        twimlAppSid: s.twimlAppSid,
      };
    });
  }

  /** The auth tokens a webhook of this workspace may be signed with right now (rotation keeps the old one a while). */
  openSigningKeys(workspaceId: string, keys: SigningKeys): string[] {
    const context = secretContext(workspaceId, 'authToken');
    const tokens = [this.secrets.open(keys.authToken, context)];
    if (keys.previousAuthToken && keys.previousAuthTokenExpiresAt && keys.previousAuthTokenExpiresAt > this.clock.now()) {
      tokens.push(this.secrets.open(keys.previousAuthToken, context));
    }
    return tokens;
  }
}
