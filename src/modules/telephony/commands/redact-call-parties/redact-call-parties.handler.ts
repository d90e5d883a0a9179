import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TelephonyPersonalDataEraser } from '@domain/telephony/ports/telephony-personal-data-eraser.port';
import { RedactCallPartiesCommand } from './redact-call-parties.command';

@CommandHandler(RedactCallPartiesCommand)
export class RedactCallPartiesHandler implements ICommandHandler<
  RedactCallPartiesCommand,
  { callIds: string[]; participantIds: string[] }
> {
  constructor(private readonly eraser: TelephonyPersonalDataEraser) {}

  execute({ props: c }: RedactCallPartiesCommand): Promise<{ callIds: string[]; participantIds: string[] }> {
    return this.eraser.redactParties(c.organizationId, c.callIds, c.phoneNumbers);
  }
}
