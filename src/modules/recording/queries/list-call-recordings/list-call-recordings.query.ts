import { Query } from '@nestjs/cqrs';
import type { RecordingView } from '../../../../domain/recording/ports/recording-read-model.port';

export class ListCallRecordingsQuery extends Query<RecordingView[]> {
  constructor(
    readonly organizationId: string,
    readonly callId: string,
  ) {
    super();
  }
}
