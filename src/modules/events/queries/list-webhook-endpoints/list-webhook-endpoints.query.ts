import { Query } from '@nestjs/cqrs';
import type { WebhookEndpointView } from '@domain/events/ports/webhook-repositories.port';

export interface ListWebhookEndpointsProps {
  readonly organizationId: string;
  readonly beforeId: string | undefined;
  readonly limit: number;
}

export class ListWebhookEndpointsQuery extends Query<WebhookEndpointView[]> {
  constructor(readonly props: ListWebhookEndpointsProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
