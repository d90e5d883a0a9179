import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PrivacyReadModel, type DeletionReceiptView } from '@domain/privacy/ports/privacy-read-model.port';
import { GetErasureRequestQuery, type ErasureRequestWithReceipt } from './get-erasure-request.query';

const PAGE = 1000;

@QueryHandler(GetErasureRequestQuery)
export class GetErasureRequestHandler implements IQueryHandler<GetErasureRequestQuery, ErasureRequestWithReceipt | null> {
  constructor(private readonly readModel: PrivacyReadModel) {}

  async execute({ props: q }: GetErasureRequestQuery): Promise<ErasureRequestWithReceipt | null> {
    const request = await this.readModel.erasureRequest(q.organizationId, q.erasureRequestId);
    if (!request) return null;
    const receipt: DeletionReceiptView[] = [];
    for (let after: string | null = null; ;) {
      const page = await this.readModel.receipts(q.organizationId, { erasureRequestId: request.id }, after, PAGE);
      receipt.push(...page);
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }
    return { ...request, receipt };
  }
}
