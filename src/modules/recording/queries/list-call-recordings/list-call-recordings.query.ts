import { Query } from '@nestjs/cqrs';
import type { RecordingView } from '@domain/recording/ports/recording-read-model.port';

export interface ListCallRecordingsProps {
  readonly organizationId: string;
  readonly callId: string;
}

export class ListCallRecordingsQuery extends Query<RecordingView[]> {
  constructor(readonly props: ListCallRecordingsProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
