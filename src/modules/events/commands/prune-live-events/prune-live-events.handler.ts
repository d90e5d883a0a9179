import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LiveEventStore } from '@domain/events/ports/live-event-store.port';
import { PruneLiveEventsCommand } from './prune-live-events.command';

@CommandHandler(PruneLiveEventsCommand)
export class PruneLiveEventsHandler implements ICommandHandler<PruneLiveEventsCommand, number> {
  constructor(private readonly store: LiveEventStore) {}

  execute({ props }: PruneLiveEventsCommand): Promise<number> {
    return this.store.prune(props.before);
  }
}
