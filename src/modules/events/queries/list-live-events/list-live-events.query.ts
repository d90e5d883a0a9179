import { Query } from '@nestjs/cqrs';
import type { LiveEvent } from '@domain/events/live-event';

export interface ListLiveEventsProps {
  readonly organizationId: string;
  /** Events after this position, oldest first. */
  readonly after: number;
  readonly limit: number;
}

export class ListLiveEventsQuery extends Query<LiveEvent[]> {
  constructor(readonly props: ListLiveEventsProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
