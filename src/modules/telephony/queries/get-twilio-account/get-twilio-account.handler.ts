import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel, type TwilioAccountView } from '@domain/telephony/ports/telephony-read-model.port';
import { GetTwilioAccountQuery } from './get-twilio-account.query';
import { TenantQueryBus } from '@modules/shared';
import { GetWorkspaceQuery } from '@modules/tenancy';
import { workspaceNotFound } from '@domain/tenancy/errors';

@QueryHandler(GetTwilioAccountQuery)
export class GetTwilioAccountHandler implements IQueryHandler<GetTwilioAccountQuery, TwilioAccountView | null> {
  constructor(
    private readonly readModel: TelephonyReadModel,
    private readonly queries: TenantQueryBus,
  ) {}

  async execute({ props: q }: GetTwilioAccountQuery): Promise<TwilioAccountView | null> {
    if (!(await this.queries.execute(new GetWorkspaceQuery({ organizationId: q.organizationId, workspaceId: q.workspaceId }))))
      throw workspaceNotFound();
    return this.readModel.twilioAccount(q.organizationId, q.workspaceId);
  }
}
