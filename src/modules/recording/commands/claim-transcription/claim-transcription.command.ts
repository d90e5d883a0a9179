import { Command } from '@nestjs/cqrs';
import type { TranscriptionClaim } from '@domain/recording/conversation.aggregate';

/** Asks to transcribe a stored recording: `claimed` (go ahead), `written` (it has its transcript) or `busy` (another is at it). */
export class ClaimTranscriptionCommand extends Command<TranscriptionClaim> {
  constructor(readonly props: { organizationId: string; recordingId: string }) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
