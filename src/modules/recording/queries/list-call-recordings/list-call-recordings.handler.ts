import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RecordingReadModel, type RecordingView } from '@domain/recording/ports/recording-read-model.port';
import { ListCallRecordingsQuery } from './list-call-recordings.query';

@QueryHandler(ListCallRecordingsQuery)
export class ListCallRecordingsHandler implements IQueryHandler<ListCallRecordingsQuery, RecordingView[]> {
  constructor(private readonly readModel: RecordingReadModel) {}

  execute({ props: q }: ListCallRecordingsQuery): Promise<RecordingView[]> {
    return this.readModel.recordingsOfCall(q.organizationId, q.callId);
  }
}
