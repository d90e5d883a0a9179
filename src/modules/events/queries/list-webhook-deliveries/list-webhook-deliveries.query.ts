import { Query } from '@nestjs/cqrs';
import type { WebhookDeliveryView } from '@domain/events/ports/webhook-repositories.port';

export interface ListWebhookDeliveriesProps {
  readonly organizationId: string;
  readonly endpointId: string;
  readonly beforeId: string | undefined;
  readonly limit: number;
}

export class ListWebhookDeliveriesQuery extends Query<WebhookDeliveryView[]> {
  constructor(readonly props: ListWebhookDeliveriesProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
