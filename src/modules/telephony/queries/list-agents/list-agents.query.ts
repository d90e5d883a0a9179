import { Query } from '@nestjs/cqrs';
import type { AgentView } from '../../../../domain/telephony/ports/telephony-read-model.port';

export class ListAgentsQuery extends Query<AgentView[]> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly after: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
