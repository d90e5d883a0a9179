import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { exportNotFound } from '@domain/data/errors';
import { DataReadModel, type OrganizationExportView } from '@domain/data/ports/data-read-model.port';
import { GetOrganizationExportQuery } from './get-organization-export.query';

@QueryHandler(GetOrganizationExportQuery)
export class GetOrganizationExportHandler implements IQueryHandler<GetOrganizationExportQuery, OrganizationExportView> {
  constructor(private readonly readModel: DataReadModel) {}

  async execute({ props: q }: GetOrganizationExportQuery): Promise<OrganizationExportView> {
    const view = await this.readModel.exportView(q.organizationId, q.exportId);
    if (!view) throw exportNotFound();
    return view;
  }
}
