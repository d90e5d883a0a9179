import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { chainHash, GENESIS_HASH } from '@domain/audit/audit-entry';
import { AuditChainStore } from '@domain/audit/ports/audit-log.port';
import { SealAuditChainCommand } from './seal-audit-chain.command';

const BATCH = 1000;

@CommandHandler(SealAuditChainCommand)
export class SealAuditChainHandler implements ICommandHandler<SealAuditChainCommand, number> {
  constructor(private readonly chain: AuditChainStore) {}

  async execute({ props: { organizationId } }: SealAuditChainCommand): Promise<number> {
    await this.chain.lockChain(organizationId);
    const last = (await this.chain.lastLink(organizationId)) ?? { sequence: 0, hash: GENESIS_HASH };
    const entries = await this.chain.unsealed(organizationId, BATCH);
    let { sequence, hash } = last;
    const links = entries.map((entry) => {
      sequence += 1;
      const link = { sequence, auditLogId: entry.id, previousHash: hash, hash: chainHash(hash, sequence, entry) };
      hash = link.hash;
      return link;
    });
    await this.chain.appendLinks(organizationId, links);
    return links.length;
  }
}
