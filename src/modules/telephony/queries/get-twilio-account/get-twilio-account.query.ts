import { Query } from '@nestjs/cqrs';
import type { TwilioAccountView } from '../../../../domain/telephony/ports/telephony-read-model.port';

export class GetTwilioAccountQuery extends Query<TwilioAccountView | null> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
  ) {
    super();
  }
}
