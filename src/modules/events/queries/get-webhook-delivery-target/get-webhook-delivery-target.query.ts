import { OrganizationQuery } from '../../../shared';
import type { WebhookDeliveryStatus } from '@domain/events/ports/webhook-repositories.port';

/** What a delivery attempt needs: where, what, signed with which secrets (opened). */
export interface WebhookDeliveryTarget {
  status: WebhookDeliveryStatus;
  endpointEnabled: boolean;
  url: string;
  messageId: string;
  body: string;
  secrets: string[];
  /** An earlier delivery about the same resource to the same endpoint, still pending: this one waits for it. */
  waitsFor: string | null;
}

export interface GetWebhookDeliveryTargetProps {
  readonly organizationId: string;
  readonly deliveryId: string;
}

export class GetWebhookDeliveryTargetQuery extends OrganizationQuery<GetWebhookDeliveryTargetProps, WebhookDeliveryTarget | null> {}
