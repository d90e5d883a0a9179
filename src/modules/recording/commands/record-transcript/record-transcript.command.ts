import { Command } from '@nestjs/cqrs';
import type { TranscriptSegment } from '@domain/recording/ports/transcriber.port';

/** The transcriber's transcript of a recording, written into its conversation (never over a person's). */
export class RecordTranscriptCommand extends Command<void> {
  constructor(
    readonly props: {
      organizationId: string;
      recordingId: string;
      content: { transcript: string; segments: TranscriptSegment[]; summary: string | null; language: string | null };
      /** `transcriber:<model>`. */
      writtenBy: string;
    },
  ) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
