import { Query } from '@nestjs/cqrs';
import type { WebhookDeliveryView } from '@domain/events/ports/webhook-repositories.port';

export interface GetWebhookDeliveryProps {
  readonly organizationId: string;
  readonly endpointId: string;
  readonly deliveryId: string;
}

export class GetWebhookDeliveryQuery extends Query<WebhookDeliveryView> {
  constructor(readonly props: GetWebhookDeliveryProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
