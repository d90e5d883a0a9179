import { Command } from '@nestjs/cqrs';

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
export class ReceiveRecordingCommand extends Command<{ recordingId: string | null; created: boolean }> {
  constructor(readonly props: ReceiveRecordingProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
