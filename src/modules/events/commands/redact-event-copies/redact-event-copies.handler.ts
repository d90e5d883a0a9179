import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventCopiesEraser, type EventCopiesRedacted } from '@domain/events/ports/event-copies-eraser.port';
import { RedactEventCopiesCommand } from './redact-event-copies.command';

@CommandHandler(RedactEventCopiesCommand)
export class RedactEventCopiesHandler implements ICommandHandler<RedactEventCopiesCommand, EventCopiesRedacted> {
  constructor(private readonly eraser: EventCopiesEraser) {}

  execute({ props: c }: RedactEventCopiesCommand): Promise<EventCopiesRedacted> {
    return this.eraser.redact(c.organizationId, c.needles, c.userId ?? null);
  }
}
