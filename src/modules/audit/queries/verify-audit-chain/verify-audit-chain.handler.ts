import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { GENESIS_HASH, verifyChain } from '@domain/audit/audit-entry';
import { AuditChainStore } from '@domain/audit/ports/audit-log.port';
import { VerifyAuditChainQuery, type AuditChainReport } from './verify-audit-chain.query';

const PAGE = 2000;

@QueryHandler(VerifyAuditChainQuery)
export class VerifyAuditChainHandler implements IQueryHandler<VerifyAuditChainQuery, AuditChainReport> {
  constructor(private readonly chain: AuditChainStore) {}

  async execute({ props: { organizationId } }: VerifyAuditChainQuery): Promise<AuditChainReport> {
    let position = { sequence: 0, hash: GENESIS_HASH };
    let checked = 0;
    for (;;) {
      const links = await this.chain.links(organizationId, position.sequence, PAGE);
      const verdict = verifyChain(links, position);
      checked += verdict.checked;
      if (!verdict.valid) {
        return {
          valid: false,
          checked,
          unsealed: await this.chain.countUnsealed(organizationId),
          lastSequence: position.sequence,
          brokenAt: verdict.brokenAt,
        };
      }
      if (links.length < PAGE) {
        const last = links[links.length - 1];
        if (last) position = { sequence: last.sequence, hash: last.hash };
        return {
          valid: true,
          checked,
          unsealed: await this.chain.countUnsealed(organizationId),
          lastSequence: position.sequence,
          brokenAt: null,
        };
      }
      const last = links[links.length - 1]!;
      position = { sequence: last.sequence, hash: last.hash };
    }
  }
}
