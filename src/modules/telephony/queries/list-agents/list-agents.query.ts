import { Query } from '@nestjs/cqrs';
import type { AgentView } from '@domain/telephony/ports/telephony-read-model.port';

export interface ListAgentsProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly after: string | null;
  readonly limit: number;
}

export class ListAgentsQuery extends Query<AgentView[]> {
  constructor(readonly props: ListAgentsProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
