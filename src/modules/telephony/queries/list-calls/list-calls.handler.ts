import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel, type CallView } from '@domain/telephony/ports/telephony-read-model.port';
import { ListCallsQuery } from './list-calls.query';

@QueryHandler(ListCallsQuery)
export class ListCallsHandler implements IQueryHandler<ListCallsQuery, CallView[]> {
  constructor(private readonly readModel: TelephonyReadModel) {}

  execute({ props: q }: ListCallsQuery): Promise<CallView[]> {
    return this.readModel.calls(q.organizationId, q.filter, q.beforeId, q.limit, q.only);
  }
}
