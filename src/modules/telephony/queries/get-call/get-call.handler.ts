import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel, type CallDetailView } from '../../../../domain/telephony/ports/telephony-read-model.port';
import { GetCallQuery } from './get-call.query';

@QueryHandler(GetCallQuery)
export class GetCallHandler implements IQueryHandler<GetCallQuery, CallDetailView | null> {
  constructor(private readonly readModel: TelephonyReadModel) {}

  execute({ props: q }: GetCallQuery): Promise<CallDetailView | null> {
    return this.readModel.call(q.organizationId, q.callId);
  }
}
