import { Query } from '@nestjs/cqrs';
import type { RecordingTranscriptView } from '../../../../domain/recording/ports/recording-read-model.port';

/** The conversation a recording's transcript lives in: its call's, or (an upload) its own. */
export class GetRecordingTranscriptQuery extends Query<RecordingTranscriptView | null> {
  constructor(
    readonly organizationId: string,
    readonly recordingId: string,
  ) {
    super();
  }
}
