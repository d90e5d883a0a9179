import { Query } from '@nestjs/cqrs';
import type { MemberView } from '../../../../domain/tenancy/ports/tenancy-read-model.port';

export class ListMembersQuery extends Query<MemberView[]> {
  constructor(
    readonly organizationId: string,
    readonly after: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
