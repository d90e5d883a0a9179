import { Query } from '@nestjs/cqrs';
import type { PhoneNumberView } from '../../../../domain/telephony/ports/telephony-read-model.port';

export class ListPhoneNumbersQuery extends Query<PhoneNumberView[]> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly after: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
