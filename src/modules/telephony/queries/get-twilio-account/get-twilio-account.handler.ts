import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel, type TwilioAccountView } from '@domain/telephony/ports/telephony-read-model.port';
import { GetTwilioAccountQuery } from './get-twilio-account.query';
import { TenantQueryBus } from '@modules/shared';
import { assertWorkspaceExists } from '../../workspace-exists';

@QueryHandler(GetTwilioAccountQuery)
export class GetTwilioAccountHandler implements IQueryHandler<GetTwilioAccountQuery, TwilioAccountView | null> {
  constructor(
    private readonly readModel: TelephonyReadModel,
    private readonly queries: TenantQueryBus,
  ) {}

  async execute({ props: q }: GetTwilioAccountQuery): Promise<TwilioAccountView | null> {
    await assertWorkspaceExists(this.queries, q.organizationId, q.workspaceId);
    return this.readModel.twilioAccount(q.organizationId, q.workspaceId);
  }
}
