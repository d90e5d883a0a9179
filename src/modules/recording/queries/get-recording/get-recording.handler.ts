import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RecordingReadModel, type RecordingView } from '@domain/recording/ports/recording-read-model.port';
import { GetRecordingQuery } from './get-recording.query';

@QueryHandler(GetRecordingQuery)
export class GetRecordingHandler implements IQueryHandler<GetRecordingQuery, RecordingView | null> {
  constructor(private readonly readModel: RecordingReadModel) {}

  execute({ props: q }: GetRecordingQuery): Promise<RecordingView | null> {
    return this.readModel.recording(q.organizationId, q.recordingId);
  }
}
