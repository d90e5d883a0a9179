import { ApiProperty } from '@nestjs/swagger';
import { INVITATION_STATUSES } from '@domain/tenancy/invitation.aggregate';
import { ORGANIZATION_ROLES } from '@domain/tenancy/roles';
import { PageMetaDto } from '@infrastructure/http/pagination';

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'ana@acme.com' }) email!: string;
  @ApiProperty({ enum: ORGANIZATION_ROLES, description: 'The role the invited person gets' }) role!: string;
  @ApiProperty({ enum: INVITATION_STATUSES }) status!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The user who invited; null for an API key' }) invitedBy!:
    string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() expiresAt!: Date;
  @ApiProperty({ type: Date, nullable: true }) acceptedAt!: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) acceptedBy!: string | null;
  @ApiProperty({ type: Date, nullable: true }) revokedAt!: Date | null;
}

export class InvitationPageDto extends PageMetaDto {
  @ApiProperty({ type: [InvitationDto] }) data!: InvitationDto[];
}
