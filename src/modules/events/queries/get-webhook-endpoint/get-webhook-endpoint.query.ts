import { Query } from '@nestjs/cqrs';
import type { WebhookEndpointView } from '@domain/events/ports/webhook-repositories.port';

export interface GetWebhookEndpointProps {
  readonly organizationId: string;
  readonly endpointId: string;
}

export class GetWebhookEndpointQuery extends Query<WebhookEndpointView> {
  constructor(readonly props: GetWebhookEndpointProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
