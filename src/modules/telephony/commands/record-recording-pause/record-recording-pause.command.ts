import { OrganizationCommand } from '../../../shared';
import type { ProviderRecording } from '@domain/telephony/ports/telephony-gateway.port';

export interface RecordRecordingPauseProps {
  readonly organizationId: string;
  readonly callId: string;
  /** What Twilio now does with the call's recording. */
  readonly action: 'paused' | 'resumed';
  /** Twilio's answer to the update. */
  readonly recording: ProviderRecording;
  readonly behavior: 'skip' | 'silence';
  readonly actor: { userId: string | null; admin: boolean };
}

/** Twilio paused or resumed the call's live recording: the interval is opened or closed (audited). */
export class RecordRecordingPauseCommand extends OrganizationCommand<RecordRecordingPauseProps, { pauseId: string }> {}
