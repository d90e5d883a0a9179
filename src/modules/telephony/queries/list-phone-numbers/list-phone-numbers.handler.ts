import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel, type PhoneNumberView } from '@domain/telephony/ports/telephony-read-model.port';
import { ListPhoneNumbersQuery } from './list-phone-numbers.query';
import { TenantQueryBus } from '@modules/shared';
import { assertWorkspaceExists } from '../../workspace-exists';

@QueryHandler(ListPhoneNumbersQuery)
export class ListPhoneNumbersHandler implements IQueryHandler<ListPhoneNumbersQuery, PhoneNumberView[]> {
  constructor(
    private readonly readModel: TelephonyReadModel,
    private readonly queries: TenantQueryBus,
  ) {}

  async execute({ props: q }: ListPhoneNumbersQuery): Promise<PhoneNumberView[]> {
    await assertWorkspaceExists(this.queries, q.organizationId, q.workspaceId);
    return this.readModel.phoneNumbers(q.organizationId, q.workspaceId, q.after, q.limit);
  }
}
