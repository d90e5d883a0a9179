import { Body, Controller, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fromTwilioStatus } from '@domain/telephony/call-status';
import { CallInstructionsRenderer, type CallPlan } from '@domain/telephony/ports/twilio-webhooks.port';
import { TelephonySettings } from '@domain/telephony/ports/telephony-settings.port';
import { Public } from '@infrastructure/auth/auth.decorators';
import { RequestContext } from '@infrastructure/http/request-context';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { webhookUrls } from '../call-routing';
import { ApplyCallStatusCommand } from '../commands/apply-call-status/apply-call-status.command';
import { ReceiveInboundCallCommand } from '../commands/receive-inbound-call/receive-inbound-call.command';
import { RouteSoftphoneCallCommand } from '../commands/route-softphone-call/route-softphone-call.command';
import { GetCallQuery } from '../queries/get-call/get-call.query';
import { TwilioWebhookAuthenticator, type WebhookRequest } from '../webhooks/twilio-webhook.authenticator';
import { assertWellFormed, readTwilioWebhook } from './twilio-webhook-form';

const TWILIO = { type: 'system', id: 'twilio' } as const;
const UNKNOWN_NUMBER = 'Sorry, this number is not in service. Goodbye.';

/**
 * Twilio's webhooks. Each is checked against the signing workspace's own token over the
 * configured public URL; a bad signature is a 403 and changes nothing. Everything slow is a job.
 */
@ApiExcludeController()
@Public()
@Controller('webhooks/twilio')
export class TwilioWebhooksController {
  constructor(
    private readonly authenticator: TwilioWebhookAuthenticator,
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly renderer: CallInstructionsRenderer,
    private readonly settings: TelephonySettings,
    private readonly requestContext: RequestContext,
  ) {}

  @Post('voice')
  @HttpCode(200)
  async voice(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
    @Headers('x-twilio-signature') signature: string | undefined,
    @Query('attempt') attemptParam: string | undefined,
  ): Promise<string> {
    const request = this.webhookRequest(req, body, signature);
    this.requestContext.setActor(TWILIO, req);
    const p = request.params;
    const target = await this.authenticator.voice(request);
    const attempt = Math.max(0, Math.min(Number.parseInt(attemptParam ?? '0', 10) || 0, 100));
    let plan: CallPlan;
    switch (target.kind) {
      case 'unknown_number':
        plan = { kind: 'refuse', message: UNKNOWN_NUMBER };
        break;
      case 'softphone':
        plan = await this.commands.execute(
          new RouteSoftphoneCallCommand({
            organizationId: target.owner.organizationId,
            workspaceId: target.owner.workspaceId,
            call: {
              callSid: p.CallSid!,
              identity: p.From!.slice('client:'.length),
              to: p.To ?? '',
              callerId: p.CallerId ?? null,
            },
          }),
        );
        break;
      case 'inbound':
        plan = await this.commands.execute(
          new ReceiveInboundCallCommand({
            organizationId: target.owner.organizationId,
            workspaceId: target.owner.workspaceId,
            phoneNumberId: target.phoneNumberId,
            call: this.inbound(p),
            attempt: 0,
          }),
        );
        break;
      case 'known_call':
        plan = await this.knownCall(target.owner.organizationId, target.owner.workspaceId, target.callId, p, attempt);
        break;
    }
    void reply.header('content-type', 'text/xml; charset=utf-8');
    return this.renderer.render(plan);
  }

  @Post('status')
  @HttpCode(204)
  async status(
    @Req() req: FastifyRequest,
    @Body() body: unknown,
    @Headers('x-twilio-signature') signature: string | undefined,
  ): Promise<void> {
    const request = this.webhookRequest(req, body, signature);
    this.requestContext.setActor(TWILIO, req);
    const owner = await this.authenticator.callback(request);
    const p = request.params;
    const status = fromTwilioStatus(p.CallStatus);
    if (!owner || !status) return;
    const sequence = p.SequenceNumber !== undefined && /^\d+$/.test(p.SequenceNumber) ? Number(p.SequenceNumber) : null;
    const at = p.Timestamp ? new Date(p.Timestamp) : new Date();
    const duration = p.CallDuration !== undefined && /^\d+$/.test(p.CallDuration) ? Number(p.CallDuration) : null;
    await this.commands.execute(
      new ApplyCallStatusCommand({
        organizationId: owner.organizationId,
        workspaceId: owner.workspaceId,
        report: {
          callSid: p.CallSid!,
          parentCallSid: p.ParentCallSid || null,
          from: p.From ?? '',
          to: p.To ?? '',
          status,
          sequence,
          at: Number.isNaN(at.getTime()) ? new Date() : at,
          durationSeconds: duration,
        },
      }),
    );
  }

  /** Twilio came back for a call we know: a retry, the next agent to ring, or the bridge of a click-to-call. */
  private async knownCall(
    organizationId: string,
    workspaceId: string,
    callId: string,
    p: Record<string, string>,
    attempt: number,
  ): Promise<CallPlan> {
    const call = await this.queries.execute(new GetCallQuery({ organizationId, callId }));
    // <Record> without an action comes back here when the voicemail ends: the call is over.
    if (!call || p.RecordingUrl || p.RecordingSid) return { kind: 'hang_up' };
    if (call.direction === 'inbound') {
      if (attempt > 0 && ['completed', 'answered'].includes(p.DialCallStatus ?? '')) return { kind: 'hang_up' };
      return this.commands.execute(
        new ReceiveInboundCallCommand({ organizationId, workspaceId, phoneNumberId: null, call: this.inbound(p), attempt }),
      );
    }
    if (p.From?.startsWith('client:') && call.agentUserId) {
      return this.commands.execute(
        new RouteSoftphoneCallCommand({
          organizationId,
          workspaceId,
          call: { callSid: p.CallSid!, identity: p.From.slice(7), to: p.To ?? '', callerId: p.CallerId ?? null },
        }),
      );
    }
    // Click-to-call: the agent answered; now ring the customer.
    const urls = webhookUrls(this.settings.publicBaseUrl);
    return {
      kind: 'dial_number',
      number: call.to,
      callerId: call.from,
      timeoutSeconds: 30,
      recordingStatusCallbackUrl: urls.recording,
      legStatusCallbackUrl: urls.status,
    };
  }

  private inbound(p: Record<string, string>) {
    return {
      callSid: p.CallSid!,
      from: p.From ?? p.Caller ?? 'anonymous',
      to: p.To ?? p.Called ?? '',
      status: p.CallStatus,
      stirVerstat: p.StirVerstat ?? null,
    };
  }

  private webhookRequest(req: FastifyRequest, body: unknown, signature: string | undefined): WebhookRequest {
    const request = readTwilioWebhook(`${this.settings.publicBaseUrl}${req.url}`, body, signature);
    assertWellFormed(request);
    return request;
  }
}
