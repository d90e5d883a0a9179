import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel, type PhoneNumberView } from '@domain/telephony/ports/telephony-read-model.port';
import { ListPhoneNumbersQuery } from './list-phone-numbers.query';
import { TenantQueryBus } from '@modules/shared';
import { GetWorkspaceQuery } from '@modules/tenancy';
import { workspaceNotFound } from '@domain/tenancy/errors';

@QueryHandler(ListPhoneNumbersQuery)
export class ListPhoneNumbersHandler implements IQueryHandler<ListPhoneNumbersQuery, PhoneNumberView[]> {
  constructor(
    private readonly readModel: TelephonyReadModel,
    private readonly queries: TenantQueryBus,
  ) {}

  async execute({ props: q }: ListPhoneNumbersQuery): Promise<PhoneNumberView[]> {
    if (!(await this.queries.execute(new GetWorkspaceQuery({ organizationId: q.organizationId, workspaceId: q.workspaceId }))))
      throw workspaceNotFound();
    return this.readModel.phoneNumbers(q.organizationId, q.workspaceId, q.after, q.limit);
  }
}
