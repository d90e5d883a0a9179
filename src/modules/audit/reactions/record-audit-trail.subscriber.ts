import { Injectable, type OnModuleInit } from '@nestjs/common';
import { auditEntryFromEvent } from '@domain/audit/audit-entry';
import { AuditLogWriter } from '@domain/audit/ports/audit-log.port';
import { PersonalDataVault } from '@domain/audit/ports/personal-data-vault.port';
import { sealPersonalData } from '@domain/audit/personal-data';
import type { DomainEvent } from '@domain/shared/domain-event';
import { newId } from '@domain/shared/ids';
import { DomainEventSubscriptions } from '@domain/shared/ports/domain-event-subscriptions.port';
import { ExecutionOrigin } from '@domain/shared/ports/execution-origin.port';
import { JobQueue } from '@domain/shared/ports/job-queue.port';

export const SEAL_AUDIT_CHAIN_QUEUE = 'audit.seal-chain';
/** Seals are batched: a burst of changes waits this long and is sealed by one job. */
const SEAL_DELAY_SECONDS = 1;

/**
 * Every domain event, of every context, becomes one audit row in the transaction that
 * made the change, its personal values sealed (crypto-shredding, see personal-data.ts); sealing into the hash chain is left to a job, so writers of one
 * organization never wait on each other.
 */
@Injectable()
export class RecordAuditTrailSubscriber implements OnModuleInit {
  constructor(
    private readonly subscriptions: DomainEventSubscriptions,
    private readonly writer: AuditLogWriter,
    private readonly origin: ExecutionOrigin,
    private readonly jobs: JobQueue,
    private readonly vault: PersonalDataVault,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.declare(SEAL_AUDIT_CHAIN_QUEUE, { onePendingPerKey: true });
    this.subscriptions.onEventInTransaction('*', 'audit', (event) => this.handle(event));
  }

  async handle(event: DomainEvent): Promise<void> {
    // Personal values are sealed under their subject's key before the row exists: never stored in clear.
    const entry = await sealPersonalData(auditEntryFromEvent(newId(), event, this.origin.current()), this.vault);
    const { sealPending } = await this.writer.append(entry, SEAL_AUDIT_CHAIN_QUEUE);
    // A seal job already waiting for the organization seals this row too: pg-boss would drop the send.
    if (sealPending) return;
    await this.jobs.send(
      SEAL_AUDIT_CHAIN_QUEUE,
      { organizationId: event.organizationId },
      { singletonKey: event.organizationId, startAfterSeconds: SEAL_DELAY_SECONDS },
    );
  }
}
