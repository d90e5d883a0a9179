import { Query } from '@nestjs/cqrs';
import type { InvitationView } from '../../../../domain/tenancy/ports/tenancy-read-model.port';

export class GetInvitationQuery extends Query<InvitationView | null> {
  constructor(
    readonly organizationId: string,
    readonly invitationId: string,
  ) {
    super();
  }
}
