import { OrganizationCommand } from '../../../shared';

export interface TwilioAccountSettings {
  accountSid: string;
  authToken: string;
  apiKeySid: string | null;
  apiKeySecret: string | null;
  twimlAppSid: string | null;
}

export interface ConfigureTwilioAccountProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly settings: TwilioAccountSettings;
  /** Twilio accepted the credentials just before (the check runs outside the transaction). */
  readonly verified: boolean;
}

/** Saves a workspace's Twilio account; the secrets are sealed before they reach the aggregate. */
export class ConfigureTwilioAccountCommand extends OrganizationCommand<ConfigureTwilioAccountProps> {}
