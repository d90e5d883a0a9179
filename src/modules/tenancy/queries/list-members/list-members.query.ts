import { Query } from '@nestjs/cqrs';
import type { MemberView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface ListMembersProps {
  readonly organizationId: string;
  readonly after: string | null;
  readonly limit: number;
}

export class ListMembersQuery extends Query<MemberView[]> {
  constructor(readonly props: ListMembersProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
