import { OrganizationCommand } from '../../../shared';

export interface CreateNotificationsProps {
  readonly organizationId: string;
  readonly eventId: string;
  readonly type: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly payload: Record<string, unknown>;
}

/** The notifications an event makes (none for most events). Returns how many were created. */
export class CreateNotificationsCommand extends OrganizationCommand<CreateNotificationsProps, number> {}
