import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataReadModel, type OrganizationExportView } from '@domain/data/ports/data-read-model.port';
import { ListOrganizationExportsQuery } from './list-organization-exports.query';

@QueryHandler(ListOrganizationExportsQuery)
export class ListOrganizationExportsHandler implements IQueryHandler<ListOrganizationExportsQuery, OrganizationExportView[]> {
  constructor(private readonly readModel: DataReadModel) {}

  execute({ props: q }: ListOrganizationExportsQuery): Promise<OrganizationExportView[]> {
    return this.readModel.listExports(q.organizationId, q.after, q.limit);
  }
}
