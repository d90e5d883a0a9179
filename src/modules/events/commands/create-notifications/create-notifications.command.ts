import { Command } from '@nestjs/cqrs';

export interface CreateNotificationsProps {
  readonly organizationId: string;
  readonly eventId: string;
  readonly type: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly payload: Record<string, unknown>;
}

/** The notifications an event makes (none for most events). Returns how many were created. */
export class CreateNotificationsCommand extends Command<number> {
  constructor(readonly props: CreateNotificationsProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
