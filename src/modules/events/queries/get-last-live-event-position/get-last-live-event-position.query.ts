import { Query } from '@nestjs/cqrs';

export interface GetLastLiveEventPositionProps {
  readonly organizationId: string;
}

/** Where "now" is in the organization's stream: its last committed position (0 when none). */
export class GetLastLiveEventPositionQuery extends Query<number> {
  constructor(readonly props: GetLastLiveEventPositionProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
