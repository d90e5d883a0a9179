import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel, type TwilioAccountView } from '../../../../domain/telephony/ports/telephony-read-model.port';
import { WorkspaceLookup } from '../../workspace-lookup.service';
import { GetTwilioAccountQuery } from './get-twilio-account.query';

@QueryHandler(GetTwilioAccountQuery)
export class GetTwilioAccountHandler implements IQueryHandler<GetTwilioAccountQuery, TwilioAccountView | null> {
  constructor(
    private readonly readModel: TelephonyReadModel,
    private readonly workspaces: WorkspaceLookup,
  ) {}

  async execute({ props: q }: GetTwilioAccountQuery): Promise<TwilioAccountView | null> {
    await this.workspaces.assertExists(q.organizationId, q.workspaceId);
    return this.readModel.twilioAccount(q.organizationId, q.workspaceId);
  }
}
