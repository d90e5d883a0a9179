import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PrivacyReadModel, type ErasureRequestView } from '@domain/privacy/ports/privacy-read-model.port';
import { ListErasureRequestsQuery } from './list-erasure-requests.query';

@QueryHandler(ListErasureRequestsQuery)
export class ListErasureRequestsHandler implements IQueryHandler<ListErasureRequestsQuery, ErasureRequestView[]> {
  constructor(private readonly readModel: PrivacyReadModel) {}

  execute({ props: q }: ListErasureRequestsQuery): Promise<ErasureRequestView[]> {
    return this.readModel.erasureRequests(q.organizationId, q.after, q.limit);
  }
}
