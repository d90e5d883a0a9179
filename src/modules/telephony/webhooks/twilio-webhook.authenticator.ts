import { Injectable } from '@nestjs/common';
import { ForbiddenError } from '@domain/shared/domain-error';
import { tryE164 } from '@domain/telephony/phone-number';
import { TelephonyDirectory, type SignedOwner, type WebhookOwner } from '@domain/telephony/ports/telephony-repositories.port';
import { WebhookSignatureVerifier } from '@domain/telephony/ports/twilio-webhooks.port';
import { TwilioCredentialsService, type OpenedSigningKeys } from '../twilio-credentials.service';

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

const invalidSignature = () =>
  new ForbiddenError('webhook.invalid_signature', 'The request is not signed by the Twilio account that owns it');

type CallOwner = WebhookOwner & { callId: string };
/** Legs whose owner is kept in memory (a leg's organization and workspace never change). */
const CALL_OWNERS_MAX = 50_000;

/**
 * Finds which workspace a webhook belongs to (by CallSid, number, or AccountSid and TwiML App)
 * and checks its signature with that workspace's token, never another tenant's.
 *
 * The hot path, a status callback for a leg seen before, reads nothing: the leg's owner is kept
 * here and the workspace's opened keys by TwilioCredentialsService (which forgets them when the
 * account changes, on any replica). A signature the kept keys refuse is checked again against the
 * database's before it is refused. Lookups run on their own, outside any transaction (one
 * statement each, read as the platform, as before).
 */
@Injectable()
export class TwilioWebhookAuthenticator {
  private readonly callOwners = new Map<string, CallOwner>();

  constructor(
    private readonly directory: TelephonyDirectory,
    private readonly credentials: TwilioCredentialsService,
    private readonly signatures: WebhookSignatureVerifier,
  ) {}

  async voice(request: WebhookRequest): Promise<VoiceWebhookTarget> {
    const p = request.params;
    if (!request.signature || !p.AccountSid || !p.CallSid) throw invalidSignature();
    const ticket = this.credentials.signingTicket();
    const known = await this.directory.ownerOfCall(p.CallSid);
    if (known) {
      this.verify(known, request, ticket);
      return { kind: 'known_call', owner: known, callId: known.callId };
    }
    if (p.From?.startsWith('client:')) {
      const owners = await this.directory.ownersOfAccount(p.AccountSid, p.ApplicationSid ?? null);
      for (const owner of owners) {
        if (this.isSignedBy(owner, request, ticket)) return { kind: 'softphone', owner };
      }
      throw invalidSignature();
    }
    const to = tryE164(p.To ?? p.Called);
    const numberOwner = to ? await this.directory.ownerOfNumber(to) : null;
    if (numberOwner && numberOwner.signing?.accountSid === p.AccountSid) {
      this.verify(numberOwner, request, ticket);
      return { kind: 'inbound', owner: numberOwner, phoneNumberId: numberOwner.phoneNumberId };
    }
    // A number we do not route, on an account we know: refuse politely, but only if Twilio signed it.
    const owners = await this.directory.ownersOfAccount(p.AccountSid, null);
    for (const owner of owners) {
      if (this.isSignedBy(owner, request, ticket)) return { kind: 'unknown_number' };
    }
    throw invalidSignature();
  }

  /** Status callbacks: the leg, or its parent, must be known. */
  async callback(request: WebhookRequest): Promise<WebhookOwner | null> {
    const p = request.params;
    if (!request.signature || !p.AccountSid || !p.CallSid) throw invalidSignature();
    const kept = this.callOwners.get(p.CallSid);
    const keys = kept ? this.credentials.cachedSigningKeys(kept.workspaceId) : null;
    if (kept && keys && this.signedWith(keys, request)) return kept;

    const ticket = this.credentials.signingTicket();
    const leg = await this.directory.ownerOfCall(p.CallSid);
    const owner = leg ?? (p.ParentCallSid ? await this.directory.ownerOfCall(p.ParentCallSid) : null);
    if (!owner) {
      // Not ours (or not yet): only a request signed for a known account is answered at all.
      const owners = await this.directory.ownersOfAccount(p.AccountSid, null);
      for (const o of owners) if (this.isSignedBy(o, request, ticket)) return null;
      throw invalidSignature();
    }
    this.verify(owner, request, ticket);
    if (leg) {
      if (this.callOwners.size >= CALL_OWNERS_MAX) this.callOwners.clear();
      this.callOwners.set(p.CallSid, { organizationId: leg.organizationId, workspaceId: leg.workspaceId, callId: leg.callId });
    }
    return owner;
  }

  private verify(owner: SignedOwner, request: WebhookRequest, ticket: number): void {
    if (!this.isSignedBy(owner, request, ticket)) throw invalidSignature();
  }

  /** Only with the owning workspace's own token(s), and only for its own AccountSid. */
  private isSignedBy(owner: SignedOwner, request: WebhookRequest, ticket: number): boolean {
    if (!owner.signing || owner.signing.accountSid !== request.params.AccountSid) return false;
    return this.signedWith(this.credentials.rememberSigningKeys(owner.workspaceId, owner.signing, ticket), request);
  }

  private signedWith(keys: OpenedSigningKeys, request: WebhookRequest): boolean {
    if (keys.accountSid !== request.params.AccountSid) return false;
    return this.credentials
      .signingTokens(keys)
      .some((token) => this.signatures.isValid(token, request.signature!, request.url, request.params));
  }
}
