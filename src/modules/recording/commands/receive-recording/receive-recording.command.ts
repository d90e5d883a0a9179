import { OrganizationCommand } from '../../../shared';

export interface RecordingCallback {
  recordingSid: string;
  accountSid: string;
  callSid: string;
  status: string;
  channels: number;
  durationSeconds: number | null;
  source: string;
  startedAt: Date | null;
  errorCode: string | null;
  mediaUrl: string | null;
}

export interface ReceiveRecordingProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly callback: RecordingCallback;
}

/** Twilio reports a recording: record it and, when complete, enqueue its import in the same transaction. */
export class ReceiveRecordingCommand extends OrganizationCommand<ReceiveRecordingProps, { recordingId: string | null; created: boolean }> {}
