import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '@domain/shared/clock';
import { CommitNotifications } from '@domain/shared/ports/commit-notifications.port';
import { SecretBox } from '@domain/shared/ports/secret-box.port';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { twilioAccountNotConfigured } from '@domain/telephony/errors';
import { TwilioAccountRepository, type SigningKeys } from '@domain/telephony/ports/telephony-repositories.port';
import { secretContext } from '@domain/telephony/secret-contexts';

export interface WorkspaceTwilio {
  accountSid: string;
  authToken: string;
  apiKeySid: string | null;
  apiKeySecret: string | null;
  twimlAppSid: string | null;
}

/** A workspace's webhook signing keys, opened once. */
export interface OpenedSigningKeys {
  accountSid: string;
  authToken: string;
  previousAuthToken: string | null;
  previousAuthTokenExpiresAt: Date | null;
}

/** Opened signing keys are kept this long at most, even if no change is heard of. */
const SIGNING_KEYS_TTL_MS = 60_000;
const SIGNING_KEYS_MAX = 10_000;

/**
 * Opens a workspace's sealed Twilio secrets for a call to Twilio. They never leave the process.
 *
 * The webhook signing keys are also kept opened in memory (webhooks come by the hundred per
 * call): every replica forgets a workspace's keys when it hears that its Twilio account changed
 * (a committed `twilio_account.*` event, CommitNotifications), everything when it may have missed
 * such news, and anything after SIGNING_KEYS_TTL_MS. Nothing is kept before the listener is up.
 */
@Injectable()
export class TwilioCredentialsService implements OnModuleInit, OnModuleDestroy {
  private readonly signing = new Map<string, { keys: OpenedSigningKeys; until: number }>();
  /** Bumped by every change heard of: keys read before it are not kept. */
  private generation = 0;
  private listening: { close(): Promise<void> } | null = null;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly accounts: TwilioAccountRepository,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly notifications: CommitNotifications,
  ) {}

  async onModuleInit(): Promise<void> {
    this.listening = await this.notifications.subscribe(
      (notice) => {
        if (notice.resourceType !== 'twilio_account') return;
        this.generation += 1;
        this.signing.delete(notice.resourceId);
      },
      () => this.forgetSigningKeys(),
    );
  }

  async onModuleDestroy(): Promise<void> {
    const listening = this.listening;
    this.listening = null;
    this.forgetSigningKeys();
    await listening?.close();
  }

  forgetSigningKeys(): void {
    this.generation += 1;
    this.signing.clear();
  }

  /** Taken before reading keys from the database: `remember` keeps them only if nothing changed meanwhile. */
  signingTicket(): number {
    return this.generation;
  }

  /** The workspace's opened keys, if kept. */
  cachedSigningKeys(workspaceId: string): OpenedSigningKeys | null {
    const kept = this.signing.get(workspaceId);
    if (!kept) return null;
    if (kept.until <= Date.now()) {
      this.signing.delete(workspaceId);
      return null;
    }
    return kept.keys;
  }

  /** Opens the keys read from the database and keeps them when it is safe to. */
  rememberSigningKeys(workspaceId: string, keys: SigningKeys, ticket: number): OpenedSigningKeys {
    const context = secretContext(workspaceId, 'authToken');
    const opened: OpenedSigningKeys = {
      accountSid: keys.accountSid,
      authToken: this.secrets.open(keys.authToken, context),
      previousAuthToken: keys.previousAuthToken ? this.secrets.open(keys.previousAuthToken, context) : null,
      previousAuthTokenExpiresAt: keys.previousAuthTokenExpiresAt,
    };
    if (this.listening && ticket === this.generation) {
      if (this.signing.size >= SIGNING_KEYS_MAX) this.signing.clear();
      this.signing.set(workspaceId, { keys: opened, until: Date.now() + SIGNING_KEYS_TTL_MS });
    }
    return opened;
  }

  /** The tokens a webhook may be signed with right now (rotation keeps the old one a while). */
  signingTokens(keys: OpenedSigningKeys): string[] {
    const tokens = [keys.authToken];
    if (keys.previousAuthToken && keys.previousAuthTokenExpiresAt && keys.previousAuthTokenExpiresAt > this.clock.now())
      tokens.push(keys.previousAuthToken);
    return tokens;
  }

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
}
