import { Query } from '@nestjs/cqrs';
import type { AgentView } from '@domain/telephony/ports/telephony-read-model.port';

export interface GetAgentProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly userId: string;
}

export class GetAgentQuery extends Query<AgentView | null> {
  constructor(readonly props: GetAgentProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
