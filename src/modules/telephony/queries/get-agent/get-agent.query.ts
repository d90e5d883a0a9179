import { Query } from '@nestjs/cqrs';
import type { AgentView } from '../../../../domain/telephony/ports/telephony-read-model.port';

export class GetAgentQuery extends Query<AgentView | null> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly userId: string,
  ) {
    super();
  }
}
