import { OrganizationCommand } from '../../../shared';
import type { EventCopiesRedacted } from '@domain/events/ports/event-copies-eraser.port';

export interface RedactEventCopiesProps {
  readonly organizationId: string;
  /** Every spelling of what must go (a phone number in E.164, national and digit-only forms). */
  readonly needles: readonly string[];
  /** Erasure of a user: their own notifications go too. */
  readonly userId?: string;
}

/** Erasure: the live stream's replay store, webhook deliveries and notifications stop mentioning a person. */
export class RedactEventCopiesCommand extends OrganizationCommand<RedactEventCopiesProps, EventCopiesRedacted> {}
