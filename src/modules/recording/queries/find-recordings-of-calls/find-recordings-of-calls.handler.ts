import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RecordingPersonalDataEraser, type RecordingOfCall } from '@domain/recording/ports/recording-personal-data-eraser.port';
import { FindRecordingsOfCallsQuery } from './find-recordings-of-calls.query';

@QueryHandler(FindRecordingsOfCallsQuery)
export class FindRecordingsOfCallsHandler implements IQueryHandler<FindRecordingsOfCallsQuery, RecordingOfCall[]> {
  constructor(private readonly eraser: RecordingPersonalDataEraser) {}

  execute({ props: q }: FindRecordingsOfCallsQuery): Promise<RecordingOfCall[]> {
    return this.eraser.recordingsOfCalls(q.organizationId, q.callIds);
  }
}
