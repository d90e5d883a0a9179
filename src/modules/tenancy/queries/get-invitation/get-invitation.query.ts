import { Query } from '@nestjs/cqrs';
import type { InvitationView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface GetInvitationProps {
  readonly organizationId: string;
  readonly invitationId: string;
}

export class GetInvitationQuery extends Query<InvitationView | null> {
  constructor(readonly props: GetInvitationProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
