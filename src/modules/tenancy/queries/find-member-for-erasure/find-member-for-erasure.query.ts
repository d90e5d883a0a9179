import { Query } from '@nestjs/cqrs';
import type { MemberForErasure } from '@domain/tenancy/ports/member-personal-data-eraser.port';

export interface FindMemberForErasureProps {
  readonly organizationId: string;
  readonly userId: string;
}

/** Erasure of a member: who they are here (email, name, role, workspaces); null when not a member. */
export class FindMemberForErasureQuery extends Query<MemberForErasure | null> {
  constructor(readonly props: FindMemberForErasureProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
