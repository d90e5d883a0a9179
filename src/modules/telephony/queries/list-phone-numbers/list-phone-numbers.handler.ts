import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel, type PhoneNumberView } from '../../../../domain/telephony/ports/telephony-read-model.port';
import { WorkspaceLookup } from '../../workspace-lookup.service';
import { ListPhoneNumbersQuery } from './list-phone-numbers.query';

@QueryHandler(ListPhoneNumbersQuery)
export class ListPhoneNumbersHandler implements IQueryHandler<ListPhoneNumbersQuery, PhoneNumberView[]> {
  constructor(
    private readonly readModel: TelephonyReadModel,
    private readonly workspaces: WorkspaceLookup,
  ) {}

  async execute({ props: q }: ListPhoneNumbersQuery): Promise<PhoneNumberView[]> {
    await this.workspaces.assertExists(q.organizationId, q.workspaceId);
    return this.readModel.phoneNumbers(q.organizationId, q.workspaceId, q.after, q.limit);
  }
}
