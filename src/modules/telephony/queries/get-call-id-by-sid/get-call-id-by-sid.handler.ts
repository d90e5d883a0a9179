import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel } from '@domain/telephony/ports/telephony-read-model.port';
import { GetCallIdBySidQuery } from './get-call-id-by-sid.query';

@QueryHandler(GetCallIdBySidQuery)
export class GetCallIdBySidHandler implements IQueryHandler<GetCallIdBySidQuery, string | null> {
  constructor(private readonly readModel: TelephonyReadModel) {}

  execute({ props: q }: GetCallIdBySidQuery): Promise<string | null> {
    return this.readModel.callIdBySid(q.organizationId, q.callSid);
  }
}
