import { Injectable } from '@nestjs/common';
import { ForbiddenError } from '../../../domain/shared/domain-error';
import { UnitOfWork } from '../../../domain/shared/ports/unit-of-work.port';
import { tryE164 } from '../../../domain/telephony/phone-number';
import { TelephonyDirectory, type SignedOwner, type WebhookOwner } from '../../../domain/telephony/ports/telephony-repositories.port';
import { WebhookSignatureVerifier } from '../../../domain/telephony/ports/twilio-webhooks.port';
import { TwilioCredentialsService } from '../twilio-credentials.service';

export interface WebhookRequest {
  /** The public URL Twilio called (configured base + path + query), never the Host header. */
  url: string;
  params: Record<string, string>;
  signature: string | undefined;
}

export type VoiceWebhookTarget =
  | { kind: 'inbound'; owner: WebhookOwner; phoneNumberId: string }
  | { kind: 'softphone'; owner: WebhookOwner }
  | { kind: 'known_call'; owner: WebhookOwner; callId: string }
  | { kind: 'unknown_number' };

const invalidSignature = () => new ForbiddenError('webhook.invalid_signature', 'The request is not signed by the Twilio account that owns it');

/**
 * Finds which workspace a webhook belongs to (by CallSid, number, or AccountSid and TwiML App)
 * and checks its signature with that workspace's token, never another tenant's.
 */
@Injectable()
export class TwilioWebhookAuthenticator {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly directory: TelephonyDirectory,
    private readonly credentials: TwilioCredentialsService,
    private readonly signatures: WebhookSignatureVerifier,
  ) {}

  async voice(request: WebhookRequest): Promise<VoiceWebhookTarget> {
    const p = request.params;
    if (!request.signature || !p.AccountSid || !p.CallSid) throw invalidSignature();
    const known = await this.platform(() => this.directory.ownerOfCall(p.CallSid!));
    if (known) {
      await this.verify(known, request);
      return { kind: 'known_call', owner: known, callId: known.callId };
    }
    if (p.From?.startsWith('client:')) {
      const owners = await this.platform(() => this.directory.ownersOfAccount(p.AccountSid!, p.ApplicationSid ?? null));
      for (const owner of owners) {
        if (await this.isSignedBy(owner, request)) return { kind: 'softphone', owner };
      }
      throw invalidSignature();
    }
    const to = tryE164(p.To ?? p.Called);
    const numberOwner = to ? await this.platform(() => this.directory.ownerOfNumber(to)) : null;
    if (numberOwner && numberOwner.signing?.accountSid === p.AccountSid) {
      await this.verify(numberOwner, request);
      return { kind: 'inbound', owner: numberOwner, phoneNumberId: numberOwner.phoneNumberId };
    }
    // A number we do not route, on an account we know: refuse politely, but only if Twilio signed it.
    const owners = await this.platform(() => this.directory.ownersOfAccount(p.AccountSid!, null));
    for (const owner of owners) {
      if (await this.isSignedBy(owner, request)) return { kind: 'unknown_number' };
    }
    throw invalidSignature();
  }

  /** Status callbacks: the leg, or its parent, must be known. */
  async callback(request: WebhookRequest): Promise<WebhookOwner | null> {
    const p = request.params;
    if (!request.signature || !p.AccountSid || !p.CallSid) throw invalidSignature();
    const owner =
      (await this.platform(() => this.directory.ownerOfCall(p.CallSid!))) ??
      (p.ParentCallSid ? await this.platform(() => this.directory.ownerOfCall(p.ParentCallSid!)) : null);
    if (!owner) {
      // Not ours (or not yet): only a request signed for a known account is answered at all.
      const owners = await this.platform(() => this.directory.ownersOfAccount(p.AccountSid!, null));
      for (const o of owners) if (await this.isSignedBy(o, request)) return null;
      throw invalidSignature();
    }
    await this.verify(owner, request);
    return owner;
  }

  private async verify(owner: SignedOwner, request: WebhookRequest): Promise<void> {
    if (!(await this.isSignedBy(owner, request))) throw invalidSignature();
  }

  /** Only with the owning workspace's own token(s), and only for its own AccountSid. */
  private async isSignedBy(owner: SignedOwner, request: WebhookRequest): Promise<boolean> {
    if (!owner.signing || owner.signing.accountSid !== request.params.AccountSid) return false;
    const tokens = this.credentials.openSigningKeys(owner.workspaceId, owner.signing);
    return tokens.some((token) => this.signatures.isValid(token, request.signature!, request.url, request.params));
  }

  private platform<T>(work: () => Promise<T>): Promise<T> {
    return this.unitOfWork.run({ organizationId: null }, work);
  }
}
