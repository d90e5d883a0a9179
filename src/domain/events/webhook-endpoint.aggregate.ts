import { StatefulAggregate } from '../shared/aggregate-root';
import { invalidEventTypes } from './errors';
import {
  WebhookEndpointCreated,
  WebhookEndpointDeleted,
  WebhookEndpointDisabled,
  WebhookEndpointSecretRotated,
  WebhookEndpointUpdated,
  type WebhookEndpointPayload,
} from './events/webhook.events';
import { EventTypeFilter } from './live-event';

export interface WebhookEndpointState {
  id: string;
  organizationId: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  /** Sealed (SecretBox): the aggregate never sees a secret in clear. */
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A customer's receiver of signed event deliveries. */
export class WebhookEndpoint extends StatefulAggregate<WebhookEndpointState> {
  static create(
    props: Pick<WebhookEndpointState, 'id' | 'organizationId' | 'url' | 'description' | 'eventTypes' | 'enabled' | 'secretSealed'> & {
      now: Date;
    },
  ): WebhookEndpoint {
    const endpoint = new WebhookEndpoint({
      id: props.id,
      organizationId: props.organizationId,
      url: props.url,
      description: props.description,
      eventTypes: checkedEventTypes(props.eventTypes),
      enabled: props.enabled,
      disabledReason: null,
      secretSealed: props.secretSealed,
      previousSecretSealed: null,
      previousSecretExpiresAt: null,
      createdAt: props.now,
      updatedAt: props.now,
    });
    endpoint.record(new WebhookEndpointCreated(props.organizationId, props.id, endpoint.payload()));
    return endpoint;
  }

  static restore(state: WebhookEndpointState): WebhookEndpoint {
    return new WebhookEndpoint({ ...state });
  }

  get id(): string {
    return this.state.id;
  }

  get enabled(): boolean {
    return this.state.enabled;
  }

  override snapshot(): Readonly<WebhookEndpointState> {
    return { ...this.state };
  }

  update(changes: { url?: string; description?: string | null; eventTypes?: string[]; enabled?: boolean }, now: Date): void {
    const before = this.payload();
    if (changes.url !== undefined) this.state.url = changes.url;
    if (changes.description !== undefined) this.state.description = changes.description;
    if (changes.eventTypes !== undefined) this.state.eventTypes = checkedEventTypes(changes.eventTypes);
    if (changes.enabled !== undefined && changes.enabled !== this.state.enabled) {
      this.state.enabled = changes.enabled;
      this.state.disabledReason = changes.enabled ? null : 'disabled by a user';
    }
    const after = this.payload();
    if (JSON.stringify(before) === JSON.stringify(after) && changes.description === undefined) return;
    this.state.updatedAt = now;
    this.record(
      new WebhookEndpointUpdated(this.state.organizationId, this.state.id, after, { before: { ...before }, after: { ...after } }),
    );
  }

  /** A new secret; the old one keeps signing (beside the new one) until `overlapUntil`. */
  rotateSecret(secretSealed: string, overlapUntil: Date, now: Date): void {
    this.state.previousSecretSealed = this.state.secretSealed;
    this.state.previousSecretExpiresAt = overlapUntil;
    this.state.secretSealed = secretSealed;
    this.state.updatedAt = now;
    this.record(
      new WebhookEndpointSecretRotated(this.state.organizationId, this.state.id, { previousSecretExpiresAt: overlapUntil.toISOString() }),
    );
  }

  /** Deliveries failed past the last retry. No-op when already disabled. */
  disableForFailures(reason: string, deliveryId: string, now: Date): void {
    if (!this.state.enabled) return;
    this.state.enabled = false;
    this.state.disabledReason = reason;
    this.state.updatedAt = now;
    this.record(new WebhookEndpointDisabled(this.state.organizationId, this.state.id, { ...this.payload(), reason, deliveryId }));
  }

  delete(): void {
    this.record(new WebhookEndpointDeleted(this.state.organizationId, this.state.id, { url: this.state.url }));
  }

  /** Whether the endpoint wants events of this type. */
  wants(type: string): boolean {
    return this.state.enabled && EventTypeFilter.parse(this.state.eventTypes)!.matches(type);
  }

  private payload(): WebhookEndpointPayload {
    return { url: this.state.url, eventTypes: [...this.state.eventTypes], enabled: this.state.enabled };
  }
}

function checkedEventTypes(types: string[]): string[] {
  const filter = EventTypeFilter.parse(types);
  if (!filter || types.length > 50) throw invalidEventTypes();
  return [...filter.patterns];
}
