import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PrivacyReadModel, type DeletionReceiptView } from '@domain/privacy/ports/privacy-read-model.port';
import { ListDeletionReceiptsQuery } from './list-deletion-receipts.query';

@QueryHandler(ListDeletionReceiptsQuery)
export class ListDeletionReceiptsHandler implements IQueryHandler<ListDeletionReceiptsQuery, DeletionReceiptView[]> {
  constructor(private readonly readModel: PrivacyReadModel) {}

  execute({ props: q }: ListDeletionReceiptsQuery): Promise<DeletionReceiptView[]> {
    return this.readModel.receipts(q.organizationId, q.filter, q.after, q.limit);
  }
}
