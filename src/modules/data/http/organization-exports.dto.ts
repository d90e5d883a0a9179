import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '@infrastructure/http/pagination';

export class OrganizationExportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['pending', 'completed', 'failed', 'deleted'],
    description:
      '`pending` until the job has written the archive; `completed` (download it through `GET /exports/{exportId}`), `failed` ' +
      'after the last attempt (`failureReason`), or `deleted` once the archive is removed (retention or erasure)',
  })
  status!: string;
  @ApiProperty({ enum: ['user', 'api_key', 'system'] }) requestedByType!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The user or API key that asked for it' }) requestedById!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'NDJSON lines in the archive, one per record' }) rows!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) sizeBytes!: number | null;
  @ApiProperty({ type: String, nullable: true, description: "Hex SHA-256 of the archive's bytes" }) sha256!: string | null;
  @ApiProperty({ type: String, nullable: true }) failureReason!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deletedAt!: Date | null;
}

export class OrganizationExportWithLinkDto extends OrganizationExportDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A signed link to the NDJSON archive, once completed (each link handed out is on the audit trail); null otherwise',
  })
  downloadUrl!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) downloadUrlExpiresAt!: Date | null;
}

export class OrganizationExportPageDto extends PageMetaDto {
  @ApiProperty({ type: [OrganizationExportDto] }) data!: OrganizationExportDto[];
}
