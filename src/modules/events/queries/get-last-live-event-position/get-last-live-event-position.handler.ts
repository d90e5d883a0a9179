import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { LiveEventStore } from '@domain/events/ports/live-event-store.port';
import { GetLastLiveEventPositionQuery } from './get-last-live-event-position.query';

@QueryHandler(GetLastLiveEventPositionQuery)
export class GetLastLiveEventPositionHandler implements IQueryHandler<GetLastLiveEventPositionQuery, number> {
  constructor(private readonly store: LiveEventStore) {}

  execute({ props }: GetLastLiveEventPositionQuery): Promise<number> {
    return this.store.lastPosition(props.organizationId);
  }
}
