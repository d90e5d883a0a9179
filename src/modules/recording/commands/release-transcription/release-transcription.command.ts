import { Command } from '@nestjs/cqrs';

/**
 * A transcription of the recording ended without a transcript: its claim is let go, and with a
 * `note` (no transcriber configured, or it failed for good) the conversation says why.
 */
export class ReleaseTranscriptionCommand extends Command<void> {
  constructor(readonly props: { organizationId: string; recordingId: string; note: string | null }) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
