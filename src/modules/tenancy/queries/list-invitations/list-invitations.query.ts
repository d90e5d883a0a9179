import { Query } from '@nestjs/cqrs';
import type { InvitationView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface ListInvitationsProps {
  readonly organizationId: string;
  readonly after: string | null;
  readonly limit: number;
}

export class ListInvitationsQuery extends Query<InvitationView[]> {
  constructor(readonly props: ListInvitationsProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
