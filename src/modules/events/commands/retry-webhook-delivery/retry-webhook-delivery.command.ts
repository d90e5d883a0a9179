import { OrganizationCommand } from '../../../shared';

export interface RetryWebhookDeliveryProps {
  readonly organizationId: string;
  readonly endpointId: string;
  readonly deliveryId: string;
}

export class RetryWebhookDeliveryCommand extends OrganizationCommand<RetryWebhookDeliveryProps> {}
