import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { callNotFound, recordingAlreadyPaused, recordingNotPaused } from '@domain/telephony/errors';
import { TelephonyReadModel } from '@domain/telephony/ports/telephony-read-model.port';
import { RecordingPauseRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { assertMayControlRecording, RecordingPause } from '@domain/telephony/recording-pause.aggregate';
import { RecordRecordingPauseCommand } from './record-recording-pause.command';

@CommandHandler(RecordRecordingPauseCommand)
export class RecordRecordingPauseHandler implements ICommandHandler<RecordRecordingPauseCommand, { pauseId: string }> {
  constructor(
    private readonly calls: TelephonyReadModel,
    private readonly pauses: RecordingPauseRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: RecordRecordingPauseCommand): Promise<{ pauseId: string }> {
    const call = await this.calls.call(c.organizationId, c.callId);
    if (!call) throw callNotFound();
    // Twilio has acted already: the call may have ended meanwhile, which does not undo the pause.
    assertMayControlRecording({ ...call, status: 'in_progress' }, c.actor);
    const open = await this.pauses.findOpen(c.organizationId, c.callId);
    const at = this.clock.now();
    const userId = c.actor.userId;
    if (c.action === 'paused') {
      if (open) throw recordingAlreadyPaused();
      const pause = RecordingPause.open({
        organizationId: c.organizationId,
        workspaceId: call.workspaceId,
        callId: call.id,
        callSid: call.callSid,
        recordingSid: c.recording.sid,
        behavior: c.behavior,
        at,
        recordingStartedAt: c.recording.startTime,
        byUserId: userId,
      });
      await this.pauses.save(pause);
      return { pauseId: pause.id };
    }
    if (!open) throw recordingNotPaused();
    open.resume({ callSid: call.callSid, at, recordingStartedAt: c.recording.startTime, byUserId: userId });
    await this.pauses.save(open);
    return { pauseId: open.id };
  }
}
