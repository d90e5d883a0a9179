import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel, type TwilioAccountView } from '../../../../domain/telephony/ports/telephony-read-model.port';
import { GetTwilioAccountQuery } from './get-twilio-account.query';

@QueryHandler(GetTwilioAccountQuery)
export class GetTwilioAccountHandler implements IQueryHandler<GetTwilioAccountQuery, TwilioAccountView | null> {
  constructor(private readonly readModel: TelephonyReadModel) {}

  execute({ props: q }: GetTwilioAccountQuery): Promise<TwilioAccountView | null> {
    return this.readModel.twilioAccount(q.organizationId, q.workspaceId);
  }
}
