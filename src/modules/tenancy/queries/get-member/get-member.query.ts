import { Query } from '@nestjs/cqrs';
import type { MemberView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface GetMemberProps {
  readonly organizationId: string;
  readonly userId: string;
}

export class GetMemberQuery extends Query<MemberView | null> {
  constructor(readonly props: GetMemberProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
