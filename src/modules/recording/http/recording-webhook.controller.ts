import { Body, Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RecordingSettings } from '@domain/recording/ports/recording-settings.port';
import { Public } from '@infrastructure/auth/auth.decorators';
import { RequestContext } from '@infrastructure/http/request-context';
import { TransactionalCommandBus } from '../../shared';
import { assertWellFormedTwilioWebhook, readTwilioWebhook, TwilioWebhookAuthenticator } from '../../telephony';
import { ReceiveRecordingCommand } from '../commands/receive-recording/receive-recording.command';

const TWILIO = { type: 'system', id: 'twilio' } as const;
const RECORDING_SID = /^RE[0-9a-f]{32}$/;

/** Twilio's recording status callbacks: signed like every webhook; the import itself is a job. */
@ApiExcludeController()
@Public()
@Controller('webhooks/twilio')
export class RecordingWebhookController {
  constructor(
    private readonly authenticator: TwilioWebhookAuthenticator,
    private readonly commands: TransactionalCommandBus,
    private readonly requestContext: RequestContext,
    private readonly settings: RecordingSettings,
  ) {}

  @Post('recording')
  @HttpCode(204)
  async recording(
    @Req() req: FastifyRequest,
    @Body() body: unknown,
    @Headers('x-twilio-signature') signature: string | undefined,
  ): Promise<void> {
    const request = readTwilioWebhook(`${this.settings.publicBaseUrl}${req.url}`, body, signature);
    assertWellFormedTwilioWebhook(request);
    const params = request.params;
    this.requestContext.setActor(TWILIO, req);
    const owner = await this.authenticator.callback(request);
    if (!owner || !params.RecordingSid || !RECORDING_SID.test(params.RecordingSid)) return;
    const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);
    const startedAt = params.RecordingStartTime ? new Date(params.RecordingStartTime) : null;
    await this.commands.execute(
      new ReceiveRecordingCommand({
        organizationId: owner.organizationId,
        workspaceId: owner.workspaceId,
        callback: {
          recordingSid: params.RecordingSid,
          accountSid: params.AccountSid!,
          callSid: params.CallSid!,
          status: (params.RecordingStatus ?? '').toLowerCase(),
          channels: int(params.RecordingChannels) ?? 1,
          durationSeconds: int(params.RecordingDuration),
          source: params.RecordingSource ?? 'unknown',
          startedAt: startedAt && !Number.isNaN(startedAt.getTime()) ? startedAt : null,
          errorCode: params.ErrorCode && params.ErrorCode !== '0' ? params.ErrorCode : null,
          mediaUrl: params.RecordingUrl ?? null,
        },
      }),
    );
  }
}
