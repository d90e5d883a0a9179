import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { LiveEvent } from '@domain/events/live-event';
import { LiveEventStore } from '@domain/events/ports/live-event-store.port';
import { ListLiveEventsQuery } from './list-live-events.query';

@QueryHandler(ListLiveEventsQuery)
export class ListLiveEventsHandler implements IQueryHandler<ListLiveEventsQuery, LiveEvent[]> {
  constructor(private readonly store: LiveEventStore) {}

  execute({ props }: ListLiveEventsQuery): Promise<LiveEvent[]> {
    return this.store.after(props.organizationId, props.after, props.limit);
  }
}
