import { Injectable } from '@nestjs/common';
import { WebhookSettings, WebhookTransport } from '@domain/events/ports/webhook-transport.port';
import { Clock } from '@domain/shared/clock';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { RecordWebhookAttemptCommand } from '../commands/record-webhook-attempt/record-webhook-attempt.command';
import { GetWebhookDeliveryTargetQuery } from '../queries/get-webhook-delivery-target/get-webhook-delivery-target.query';
import type { DeliverWebhookJobData } from '../events-queues';

/**
 * One attempt: read the delivery (one transaction), send it signed (no transaction open), record
 * what happened (another transaction, which schedules the next attempt or gives up). At least
 * once: a process that dies after sending and before recording sends again on the job's retry,
 * with the same `webhook-id`, which receivers use to drop the duplicate. Events about one
 * resource reach an endpoint in order: a delivery waits while an earlier one about the same
 * resource is pending there (a call's `call.ringing` never arrives after its `call.completed`).
 */
@Injectable()
export class DeliverWebhookJob {
  constructor(
    private readonly queries: TenantQueryBus,
    private readonly commands: TransactionalCommandBus,
    private readonly transport: WebhookTransport,
    private readonly settings: WebhookSettings,
    private readonly clock: Clock,
  ) {}

  async run(data: DeliverWebhookJobData): Promise<void> {
    const target = await this.queries.execute(
      new GetWebhookDeliveryTargetQuery({ organizationId: data.organizationId, deliveryId: data.deliveryId }),
    );
    if (!target || target.status !== 'pending') return;
    if (data.mode === 'auto' && !target.endpointEnabled) return;
    // In order per resource: the earlier delivery's outcome sends this one's job (RecordWebhookAttemptHandler).
    if (data.mode === 'auto' && target.waitsFor) return;
    const result = await this.transport.send(
      { url: target.url, id: target.messageId, timestamp: this.clock.now(), body: target.body, secrets: target.secrets },
      this.settings.timeoutMs,
    );
    await this.commands.execute(
      new RecordWebhookAttemptCommand({ organizationId: data.organizationId, deliveryId: data.deliveryId, mode: data.mode, result }),
    );
  }
}
