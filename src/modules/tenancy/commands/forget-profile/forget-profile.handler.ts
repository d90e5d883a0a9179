import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MemberPersonalDataEraser } from '@domain/tenancy/ports/member-personal-data-eraser.port';
import { ForgetProfileCommand } from './forget-profile.command';

@CommandHandler(ForgetProfileCommand)
export class ForgetProfileHandler implements ICommandHandler<ForgetProfileCommand, 'forgotten' | 'kept' | 'none'> {
  constructor(private readonly eraser: MemberPersonalDataEraser) {}

  execute({ props: c }: ForgetProfileCommand): Promise<'forgotten' | 'kept' | 'none'> {
    return this.eraser.forgetProfileIfUnaffiliated(c.userId);
  }
}
