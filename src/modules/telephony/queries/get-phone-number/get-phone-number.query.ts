import { Query } from '@nestjs/cqrs';
import type { PhoneNumberView } from '../../../../domain/telephony/ports/telephony-read-model.port';

export class GetPhoneNumberQuery extends Query<PhoneNumberView | null> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly phoneNumberId: string,
  ) {
    super();
  }
}
