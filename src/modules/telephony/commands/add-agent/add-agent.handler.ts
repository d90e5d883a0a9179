import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { Agent } from '@domain/telephony/agent.aggregate';
import { agentExists, identityTaken, notAWorkspaceMember } from '@domain/telephony/errors';
import { AgentRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { AddAgentCommand } from './add-agent.command';
import { TenantQueryBus } from '@modules/shared';
import { GetWorkspaceMemberQuery } from '@modules/tenancy';
import { assertWorkspaceExists } from '../../workspace-exists';

/** The workspace must exist and the user must be one of its members. */
@CommandHandler(AddAgentCommand)
export class AddAgentHandler implements ICommandHandler<AddAgentCommand, void> {
  constructor(
    private readonly agents: AgentRepository,
    private readonly clock: Clock,
    private readonly queries: TenantQueryBus,
  ) {}

  async execute({ props: c }: AddAgentCommand): Promise<void> {
    await assertWorkspaceExists(this.queries, c.organizationId, c.workspaceId);
    if (
      (await this.queries.execute(
        new GetWorkspaceMemberQuery({ organizationId: c.organizationId, workspaceId: c.workspaceId, userId: c.userId }),
      )) === null
    )
      throw notAWorkspaceMember();
    if (await this.agents.find(c.organizationId, c.workspaceId, c.userId)) throw agentExists();
    if (await this.agents.findByIdentity(c.organizationId, c.workspaceId, c.identity)) throw identityTaken(c.identity);
    await this.agents.save(
      Agent.add({
        organizationId: c.organizationId,
        workspaceId: c.workspaceId,
        userId: c.userId,
        identity: c.identity,
        availability: c.availability,
        now: this.clock.now(),
      }),
    );
  }
}
