import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { twilioAccountNotConfigured } from '../../../../domain/telephony/errors';
import { TwilioAccountRepository } from '../../../../domain/telephony/ports/telephony-repositories.port';
import { WorkspaceLookup } from '../../workspace-lookup.service';
import { RemoveTwilioAccountCommand } from './remove-twilio-account.command';

@CommandHandler(RemoveTwilioAccountCommand)
export class RemoveTwilioAccountHandler implements ICommandHandler<RemoveTwilioAccountCommand, void> {
  constructor(
    private readonly accounts: TwilioAccountRepository,
    private readonly workspaces: WorkspaceLookup,
  ) {}

  async execute({ props: { organizationId, workspaceId } }: RemoveTwilioAccountCommand): Promise<void> {
    await this.workspaces.assertExists(organizationId, workspaceId);
    const account = await this.accounts.findByWorkspace(organizationId, workspaceId);
    if (!account) throw twilioAccountNotConfigured();
    account.remove();
    await this.accounts.delete(account);
  }
}
