import { Query } from '@nestjs/cqrs';
import type { MemberView } from '../../../../domain/tenancy/ports/tenancy-read-model.port';

export class GetMemberQuery extends Query<MemberView | null> {
  constructor(
    readonly organizationId: string,
    readonly userId: string,
  ) {
    super();
  }
}
