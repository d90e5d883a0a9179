import { Command } from '@nestjs/cqrs';

export interface DeleteWebhookEndpointProps {
  readonly organizationId: string;
  readonly endpointId: string;
}

export class DeleteWebhookEndpointCommand extends Command<void> {
  constructor(readonly props: DeleteWebhookEndpointProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
