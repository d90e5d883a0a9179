import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { twilioAccountNotConfigured } from '@domain/telephony/errors';
import { TwilioAccountRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { RemoveTwilioAccountCommand } from './remove-twilio-account.command';
import { TenantQueryBus } from '@modules/shared';
import { assertWorkspaceExists } from '../../workspace-exists';

@CommandHandler(RemoveTwilioAccountCommand)
export class RemoveTwilioAccountHandler implements ICommandHandler<RemoveTwilioAccountCommand, void> {
  constructor(
    private readonly accounts: TwilioAccountRepository,
    private readonly queries: TenantQueryBus,
  ) {}

  async execute({ props: { organizationId, workspaceId } }: RemoveTwilioAccountCommand): Promise<void> {
    await assertWorkspaceExists(this.queries, organizationId, workspaceId);
    const account = await this.accounts.findByWorkspace(organizationId, workspaceId);
    if (!account) throw twilioAccountNotConfigured();
    account.remove();
    await this.accounts.delete(account);
  }
}
