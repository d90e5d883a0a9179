import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventCopiesEraser } from '@domain/events/ports/event-copies-eraser.port';
import { RedactEventCopiesCommand } from './redact-event-copies.command';

type Redacted = { liveEvents: number; webhookDeliveries: number; notifications: number };

@CommandHandler(RedactEventCopiesCommand)
export class RedactEventCopiesHandler implements ICommandHandler<RedactEventCopiesCommand, Redacted> {
  constructor(private readonly eraser: EventCopiesEraser) {}

  execute({ props: c }: RedactEventCopiesCommand): Promise<Redacted> {
    return this.eraser.redact(c.organizationId, c.needles);
  }
}
