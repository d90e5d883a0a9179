import { Query } from '@nestjs/cqrs';
import type { RecordingView } from '../../../../domain/recording/ports/recording-read-model.port';

export class GetRecordingQuery extends Query<RecordingView | null> {
  constructor(
    readonly organizationId: string,
    readonly recordingId: string,
  ) {
    super();
  }
}
