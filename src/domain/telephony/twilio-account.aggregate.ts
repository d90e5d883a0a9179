import { AggregateRoot } from '../shared/aggregate-root';
import { InvalidError } from '../shared/domain-error';
import { TwilioAccountConfigured, TwilioAccountRemoved } from './events/telephony.events';

/** A secret as stored: sealed by the SecretBox, never plaintext in the domain's state. */
export type SealedSecret = string;

export interface TwilioAccountState {
  organizationId: string;
  workspaceId: string;
  accountSid: string;
  authToken: SealedSecret;
  /** The token replaced by the last rotation, still accepted on webhooks until `previousAuthTokenExpiresAt`. */
  previousAuthToken: SealedSecret | null;
  previousAuthTokenExpiresAt: Date | null;
  apiKeySid: string | null;
  apiKeySecret: SealedSecret | null;
  twimlAppSid: string | null;
  verifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TwilioAccountInput {
  accountSid: string;
  authToken: SealedSecret;
  authTokenFingerprint: string;
  apiKeySid: string | null;
  apiKeySecret: SealedSecret | null;
  twimlAppSid: string | null;
  verified: boolean;
}

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
const KEY_SID = /^SK[0-9a-f]{32}$/;
const APP_SID = /^AP[0-9a-f]{32}$/;

/** A workspace's own Twilio account. Secrets arrive sealed; events never carry them. */
export class TwilioAccount extends AggregateRoot {
  private constructor(
    private state: TwilioAccountState,
    /** Fingerprint of the current token, to tell a rotation from a re-save. */
    private tokenFingerprint: string | null,
  ) {
    super();
  }

  static validateSids(input: { accountSid: string; apiKeySid?: string | null; twimlAppSid?: string | null }): void {
    if (!ACCOUNT_SID.test(input.accountSid))
      throw new InvalidError('twilio.invalid_account_sid', 'accountSid must look like AC followed by 32 hex digits');
    if (input.apiKeySid && !KEY_SID.test(input.apiKeySid))
      throw new InvalidError('twilio.invalid_api_key_sid', 'apiKeySid must look like SK followed by 32 hex digits');
    if (input.twimlAppSid && !APP_SID.test(input.twimlAppSid))
      throw new InvalidError('twilio.invalid_twiml_app_sid', 'twimlAppSid must look like AP followed by 32 hex digits');
  }

  static configureNew(organizationId: string, workspaceId: string, input: TwilioAccountInput, now: Date): TwilioAccount {
    TwilioAccount.validateSids(input);
    const account = new TwilioAccount(
      {
        organizationId,
        workspaceId,
        accountSid: input.accountSid,
        authToken: input.authToken,
        previousAuthToken: null,
        previousAuthTokenExpiresAt: null,
        apiKeySid: input.apiKeySid,
        apiKeySecret: input.apiKeySecret,
        twimlAppSid: input.twimlAppSid,
        verifiedAt: input.verified ? now : null,
        createdAt: now,
        updatedAt: now,
      },
      input.authTokenFingerprint,
    );
    account.record(
      new TwilioAccountConfigured(
        organizationId,
        workspaceId,
        { workspaceId, accountSid: input.accountSid, authTokenRotated: false },
        { after: { accountSid: input.accountSid, apiKeySid: input.apiKeySid, twimlAppSid: input.twimlAppSid, verified: input.verified } },
      ),
    );
    return account;
  }

  static restore(state: TwilioAccountState, tokenFingerprint: string | null): TwilioAccount {
    return new TwilioAccount({ ...state }, tokenFingerprint);
  }

  get workspaceId(): string {
    return this.state.workspaceId;
  }
  get accountSid(): string {
    return this.state.accountSid;
  }
  snapshot(): Readonly<TwilioAccountState> {
    return this.state;
  }
  get authTokenFingerprint(): string | null {
    return this.tokenFingerprint;
  }

  /**
   * Replaces the settings. A new auth token keeps the old one valid for webhook signatures
   * during `rotationWindowSeconds`, so callbacks Twilio signed during the switch still pass.
   */
  reconfigure(input: TwilioAccountInput, now: Date, rotationWindowSeconds: number): void {
    TwilioAccount.validateSids(input);
    const before = { accountSid: this.state.accountSid, apiKeySid: this.state.apiKeySid, twimlAppSid: this.state.twimlAppSid };
    const rotated = input.accountSid === this.state.accountSid && input.authTokenFingerprint !== this.tokenFingerprint;
    if (rotated) {
      this.state.previousAuthToken = this.state.authToken;
      this.state.previousAuthTokenExpiresAt = new Date(now.getTime() + rotationWindowSeconds * 1000);
    } else if (input.accountSid !== this.state.accountSid) {
      this.state.previousAuthToken = null;
      this.state.previousAuthTokenExpiresAt = null;
    }
    this.state.accountSid = input.accountSid;
    this.state.authToken = input.authToken;
    this.state.apiKeySid = input.apiKeySid;
    this.state.apiKeySecret = input.apiKeySecret;
    this.state.twimlAppSid = input.twimlAppSid;
    this.state.verifiedAt = input.verified ? now : null;
    this.state.updatedAt = now;
    this.tokenFingerprint = input.authTokenFingerprint;
    this.record(
      new TwilioAccountConfigured(
        this.state.organizationId,
        this.workspaceId,
        { workspaceId: this.workspaceId, accountSid: input.accountSid, authTokenRotated: rotated },
        {
          before,
          after: {
            accountSid: input.accountSid,
            apiKeySid: input.apiKeySid,
            twimlAppSid: input.twimlAppSid,
            authTokenRotated: rotated,
            verified: input.verified,
          },
        },
      ),
    );
  }

  remove(): void {
    this.record(
      new TwilioAccountRemoved(
        this.state.organizationId,
        this.workspaceId,
        { workspaceId: this.workspaceId },
        { before: { accountSid: this.accountSid } },
      ),
    );
  }

  /** Tokens a webhook signature may be checked with now: the current one, and the previous during its window. */
  tokensValidAt(now: Date): SealedSecret[] {
    const tokens = [this.state.authToken];
    if (this.state.previousAuthToken && this.state.previousAuthTokenExpiresAt && this.state.previousAuthTokenExpiresAt > now) {
      tokens.push(this.state.previousAuthToken);
    }
    return tokens;
  }
}
