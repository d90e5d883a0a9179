import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MemberPersonalDataEraser } from '@domain/tenancy/ports/member-personal-data-eraser.port';
import { DeleteInvitationsToCommand } from './delete-invitations-to.command';

@CommandHandler(DeleteInvitationsToCommand)
export class DeleteInvitationsToHandler implements ICommandHandler<DeleteInvitationsToCommand, string[]> {
  constructor(private readonly eraser: MemberPersonalDataEraser) {}

  execute({ props: c }: DeleteInvitationsToCommand): Promise<string[]> {
    return this.eraser.deleteInvitationsTo(c.organizationId, c.email);
  }
}
