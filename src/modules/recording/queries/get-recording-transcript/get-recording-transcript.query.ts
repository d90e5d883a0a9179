import { Query } from '@nestjs/cqrs';
import type { RecordingTranscriptView } from '@domain/recording/ports/recording-read-model.port';

export interface GetRecordingTranscriptProps {
  readonly organizationId: string;
  readonly recordingId: string;
}

/** The conversation a recording's transcript lives in: its call's, or (an upload) its own. */
export class GetRecordingTranscriptQuery extends Query<RecordingTranscriptView | null> {
  constructor(readonly props: GetRecordingTranscriptProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
