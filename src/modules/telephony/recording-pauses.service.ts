import { Injectable } from '@nestjs/common';
import {
  callNotFound,
  callNotInProgress,
  noRecordingInProgress,
  recordingAlreadyPaused,
  recordingNotPaused,
  TelephonyProviderError,
} from '@domain/telephony/errors';
import { TelephonyGateway, type ProviderRecording } from '@domain/telephony/ports/telephony-gateway.port';
import { assertMayControlRecording } from '@domain/telephony/recording-pause.aggregate';
import { TenantQueryBus, TransactionalCommandBus } from '../shared';
import { RecordRecordingPauseCommand } from './commands/record-recording-pause/record-recording-pause.command';
import { GetCallQuery } from './queries/get-call/get-call.query';
import { TwilioCredentialsService } from './twilio-credentials.service';

/** Twilio's error 21220: the call is not in progress. */
const CALL_NOT_IN_PROGRESS = 21220;
/** The pause leaves no audio at all (not silence): nothing of what was said is kept. */
const PAUSE_BEHAVIOR = 'skip';

/**
 * PCI pause and resume of a call's live recording: read the call, ask Twilio (no transaction
 * open), then record the interval with a command, which puts it on the audit trail.
 */
@Injectable()
export class RecordingPausesService {
  constructor(
    private readonly queries: TenantQueryBus,
    private readonly commands: TransactionalCommandBus,
    private readonly credentials: TwilioCredentialsService,
    private readonly gateway: TelephonyGateway,
  ) {}

  async pause(organizationId: string, callId: string, actor: { userId: string | null; admin: boolean }): Promise<{ pauseId: string }> {
    return this.change(organizationId, callId, actor, 'paused');
  }

  async resume(organizationId: string, callId: string, actor: { userId: string | null; admin: boolean }): Promise<{ pauseId: string }> {
    return this.change(organizationId, callId, actor, 'resumed');
  }

  private async change(
    organizationId: string,
    callId: string,
    actor: { userId: string | null; admin: boolean },
    action: 'paused' | 'resumed',
  ): Promise<{ pauseId: string }> {
    const call = await this.queries.execute(new GetCallQuery({ organizationId, callId }));
    if (!call) throw callNotFound();
    assertMayControlRecording(call, actor);
    const paused = call.recordingPauses.some((p) => p.resumedAt === null);
    if (action === 'paused' && paused) throw recordingAlreadyPaused();
    if (action === 'resumed' && !paused) throw recordingNotPaused();

    const twilio = await this.credentials.forWorkspace(organizationId, call.workspaceId);
    let recording: ProviderRecording;
    try {
      recording = await this.gateway.updateCurrentRecording(
        { accountSid: twilio.accountSid, authToken: twilio.authToken },
        call.callSid,
        action === 'paused' ? { status: 'paused', pauseBehavior: PAUSE_BEHAVIOR } : { status: 'in-progress' },
      );
    } catch (error) {
      if (error instanceof TelephonyProviderError) {
        if (error.providerCode === CALL_NOT_IN_PROGRESS) throw callNotInProgress();
        if (error.providerStatus === 404 || error.providerCode === 20404) throw noRecordingInProgress();
      }
      throw error;
    }
    return this.commands.execute(
      new RecordRecordingPauseCommand({ organizationId, callId, action, recording, behavior: PAUSE_BEHAVIOR, actor }),
    );
  }
}
