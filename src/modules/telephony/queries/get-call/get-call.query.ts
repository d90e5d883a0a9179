import { Query } from '@nestjs/cqrs';
import type { CallDetailView } from '../../../../domain/telephony/ports/telephony-read-model.port';

export class GetCallQuery extends Query<CallDetailView | null> {
  constructor(
    readonly organizationId: string,
    readonly callId: string,
  ) {
    super();
  }
}
