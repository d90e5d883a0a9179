import { OrganizationQuery } from '../../../shared';
import type { LiveEvent } from '@domain/events/live-event';

export interface ListLiveEventsProps {
  readonly organizationId: string;
  /** Events after this position, oldest first. */
  readonly after: number;
  readonly limit: number;
}

export class ListLiveEventsQuery extends OrganizationQuery<ListLiveEventsProps, LiveEvent[]> {}
