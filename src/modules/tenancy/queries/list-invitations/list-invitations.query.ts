import { Query } from '@nestjs/cqrs';
import type { InvitationView } from '../../../../domain/tenancy/ports/tenancy-read-model.port';

export class ListInvitationsQuery extends Query<InvitationView[]> {
  constructor(
    readonly organizationId: string,
    readonly after: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
