import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyPersonalDataEraser } from '@domain/telephony/ports/telephony-personal-data-eraser.port';
import { FindAgentWorkspacesQuery } from './find-agent-workspaces.query';

@QueryHandler(FindAgentWorkspacesQuery)
export class FindAgentWorkspacesHandler implements IQueryHandler<FindAgentWorkspacesQuery, string[]> {
  constructor(private readonly eraser: TelephonyPersonalDataEraser) {}

  execute({ props: q }: FindAgentWorkspacesQuery): Promise<string[]> {
    return this.eraser.agentWorkspacesOf(q.organizationId, q.userId);
  }
}
