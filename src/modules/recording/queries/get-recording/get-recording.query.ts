import { Query } from '@nestjs/cqrs';
import type { RecordingView } from '@domain/recording/ports/recording-read-model.port';

export interface GetRecordingProps {
  readonly organizationId: string;
  readonly recordingId: string;
}

export class GetRecordingQuery extends Query<RecordingView | null> {
  constructor(readonly props: GetRecordingProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
