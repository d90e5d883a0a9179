import { Query } from '@nestjs/cqrs';
import type { MeView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface GetMeProps {
  readonly userId: string;
}

/** Platform scope: reads across the organizations this user belongs to. */
export class GetMeQuery extends Query<MeView | null> {
  readonly organizationId = null;
  constructor(readonly props: GetMeProps) {
    super();
  }
}
