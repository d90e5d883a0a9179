export { DataModule } from './data.module';
export { EXPORT_ARCHIVE_RETENTION_QUEUE, WRITE_EXPORT_ARCHIVE_QUEUE } from './data-queues';
export {
  DeleteOrganizationExportsCommand,
  type DeleteOrganizationExportsProps,
  type DeletedOrganizationExport,
} from './commands/delete-organization-exports/delete-organization-exports.command';
