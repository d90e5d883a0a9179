import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RecordingReadModel } from '@domain/recording/ports/recording-read-model.port';
import { FindUploadByHashQuery } from './find-upload-by-hash.query';

@QueryHandler(FindUploadByHashQuery)
export class FindUploadByHashHandler implements IQueryHandler<FindUploadByHashQuery, string | null> {
  constructor(private readonly readModel: RecordingReadModel) {}

  execute({ props: q }: FindUploadByHashQuery): Promise<string | null> {
    return this.readModel.uploadIdByHash(q.organizationId, q.sha256);
  }
}
