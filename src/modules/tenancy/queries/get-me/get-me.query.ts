import { Query } from '@nestjs/cqrs';
import type { MeView } from '../../../../domain/tenancy/ports/tenancy-read-model.port';

/** Platform scope: reads across the organizations this user belongs to. */
export class GetMeQuery extends Query<MeView | null> {
  readonly organizationId = null;
  constructor(
    readonly userId: string,
  ) {
    super();
  }
}
