import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel, type PhoneNumberView } from '@domain/telephony/ports/telephony-read-model.port';
import { GetPhoneNumberQuery } from './get-phone-number.query';

@QueryHandler(GetPhoneNumberQuery)
export class GetPhoneNumberHandler implements IQueryHandler<GetPhoneNumberQuery, PhoneNumberView | null> {
  constructor(private readonly readModel: TelephonyReadModel) {}

  execute({ props: q }: GetPhoneNumberQuery): Promise<PhoneNumberView | null> {
    return this.readModel.phoneNumber(q.organizationId, q.workspaceId, q.phoneNumberId);
  }
}
