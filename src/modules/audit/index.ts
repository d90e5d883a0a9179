export { AuditModule } from './audit.module';
export { SealAuditChainCommand } from './commands/seal-audit-chain/seal-audit-chain.command';
export { SEAL_AUDIT_CHAIN_QUEUE } from './reactions/record-audit-trail.subscriber';
export { VerifyAuditChainQuery, type AuditChainReport } from './queries/verify-audit-chain/verify-audit-chain.query';
export { ListAuditLogsQuery } from './queries/list-audit-logs/list-audit-logs.query';
export { ExportAuditRowsQuery } from './queries/export-audit-rows/export-audit-rows.query';
export { ShredPersonalDataCommand } from './commands/shred-personal-data/shred-personal-data.command';
