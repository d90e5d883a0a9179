import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNumber,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsIntBetween, IsOmittable } from '@infrastructure/http/validation';
import { DESTINATION_NUMBER_TYPES, type DestinationNumberType } from '@domain/tenancy/organization-settings';
import { ORGANIZATION_ROLES, PERMISSIONS, WORKSPACE_ROLES, type OrganizationRole, type WorkspaceRole } from '@domain/tenancy/roles';
import { PageMetaDto } from '@infrastructure/http/pagination';

// ---- requests ----

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Acme Support', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({
    example: 'acme.com',
    maxLength: 253,
    description: 'Email domain to claim: pending, capturing nobody, until verified through DNS (see `/domain`)',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(253)
  domain?: string;
}

export class DialingPolicyPatchDto {
  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    maxItems: 300,
    example: ['US', 'CA'],
    description:
      "ISO 3166 alpha-2 codes agents may dial; null: the countries of the organization's own numbers (the default); [] allows none",
  })
  @IsOmittable()
  @ValidateIf((_, v) => v !== null)
  @IsArray()
  @ArrayMaxSize(300)
  @ArrayUnique()
  @Matches(/^[A-Z]{2}$/, { each: true })
  allowedCountries?: string[] | null;

  @ApiPropertyOptional({ type: [String], maxItems: 200, example: ['+1900', '+44870'], description: 'E.164 prefixes never dialled' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @Matches(/^\+[1-9][0-9]{0,14}$/, { each: true })
  blockedPrefixes?: string[];

  @ApiPropertyOptional({
    enum: DESTINATION_NUMBER_TYPES,
    isArray: true,
    example: ['premium_rate', 'shared_cost', 'personal_number', 'pager'],
    description: 'Number types never dialled, whatever the country',
  })
  @IsOmittable()
  @IsArray()
  @ArrayUnique()
  @IsIn(DESTINATION_NUMBER_TYPES, { each: true })
  blockedNumberTypes?: DestinationNumberType[];

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 1_000_000,
    example: 200,
    description: 'Outbound calls one agent may start per UTC day in a workspace',
  })
  @IsOmittable()
  @IsIntBetween(0, 1_000_000)
  dailyCallsPerAgent?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 1_000_000,
    example: 2000,
    description: 'Outbound calls one workspace may start per UTC day',
  })
  @IsOmittable()
  @IsIntBetween(0, 1_000_000)
  dailyCallsPerWorkspace?: number;
}

export class OrganizationSettingsPatchDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 1, example: 0.6 })
  @IsOmittable()
  @IsNumber()
  @Min(0)
  @Max(1)
  reviewThreshold?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 3650, example: 365 })
  @IsOmittable()
  @IsIntBetween(1, 3650)
  retentionDays?: number;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsBoolean()
  deleteTwilioRecordingAfterImport?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, example: 0.5 })
  @IsOmittable()
  @IsNumber()
  @Min(0)
  @Max(1)
  minimumReviewPlayback?: number;

  @ApiPropertyOptional({
    type: DialingPolicyPatchDto,
    description: 'Where agents may dial out to, and how often; the fields sent replace those fields only',
  })
  @IsOmittable()
  @ValidateNested()
  @Type(() => DialingPolicyPatchDto)
  dialingPolicy?: DialingPolicyPatchDto;
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOmittable()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 253,
    example: 'acme.com',
    description: 'Claims this email domain instead (pending until verified through DNS, see `/domain`); null gives the domain up',
  })
  @IsOmittable()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(253)
  domain?: string | null;

  @ApiPropertyOptional({ type: OrganizationSettingsPatchDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => OrganizationSettingsPatchDto)
  settings?: OrganizationSettingsPatchDto;
}

export class AddMemberDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The user id (Supabase `sub`); or give `email`' })
  // Checked whenever it is sent, and required when email is not.
  @ValidateIf((o: AddMemberDto) => o.userId !== undefined || o.email === undefined)
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({
    example: 'ana@acme.com',
    description: 'A user who signed in with this address verified is added at once; anyone else is invited (202)',
  })
  @ValidateIf((o: AddMemberDto) => o.email !== undefined || o.userId === undefined)
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiProperty({ enum: ORGANIZATION_ROLES })
  @IsIn(ORGANIZATION_ROLES)
  role!: OrganizationRole;
}

export class ChangeMemberRoleDto {
  @ApiProperty({ enum: ORGANIZATION_ROLES })
  @IsIn(ORGANIZATION_ROLES)
  role!: OrganizationRole;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'CRM integration', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ enum: PERMISSIONS, isArray: true, example: ['organizations:read', 'audit:read'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(PERMISSIONS.length)
  @IsIn(PERMISSIONS, { each: true })
  scopes!: string[];

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class CreateWorkspaceDto {
  @ApiProperty({ example: 'Fraud desk', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class UpdateWorkspaceDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOmittable()
  @IsString()
  @Length(1, 200)
  name?: string;
}

export class SetWorkspaceMemberDto {
  @ApiProperty({ enum: WORKSPACE_ROLES })
  @IsIn(WORKSPACE_ROLES)
  role!: WorkspaceRole;
}

// ---- responses ----

export class DialingPolicyDto {
  @ApiProperty({
    type: [String],
    nullable: true,
    description: "ISO 3166 alpha-2 codes; null: the countries of the organization's own numbers",
  })
  allowedCountries!: string[] | null;
  @ApiProperty({ type: [String] }) blockedPrefixes!: string[];
  @ApiProperty({ enum: DESTINATION_NUMBER_TYPES, isArray: true }) blockedNumberTypes!: string[];
  @ApiProperty({ type: 'integer' }) dailyCallsPerAgent!: number;
  @ApiProperty({ type: 'integer' }) dailyCallsPerWorkspace!: number;
}

export class OrganizationSettingsDto {
  @ApiProperty() reviewThreshold!: number;
  @ApiProperty() retentionDays!: number;
  @ApiProperty() deleteTwilioRecordingAfterImport!: boolean;
  @ApiProperty() minimumReviewPlayback!: number;
  @ApiPropertyOptional({
    type: DialingPolicyDto,
    description: 'Absent only for organizations that never changed it since it exists: the defaults apply',
  })
  dialingPolicy?: DialingPolicyDto;
}

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The claimed email domain, verified or not' }) domain!: string | null;
  @ApiProperty({ description: 'The domain is verified through DNS: only then do new users with a verified address there join' })
  domainVerified!: boolean;
  @ApiProperty({ type: OrganizationSettingsDto }) settings!: OrganizationSettingsDto;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class OrganizationPageDto extends PageMetaDto {
  @ApiProperty({ type: [OrganizationDto] }) data!: OrganizationDto[];
}

export class MembershipDto {
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() organizationName!: string;
  @ApiProperty({ enum: ORGANIZATION_ROLES }) role!: string;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) fullName!: string | null;
  @ApiProperty({ type: String, nullable: true }) avatarUrl!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: [MembershipDto] }) memberships!: MembershipDto[];
}

/** Who a member is, in the organization's and in a workspace's member lists. */
class MemberPersonDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) fullName!: string | null;
}

export class MemberDto extends MemberPersonDto {
  @ApiProperty({ enum: ORGANIZATION_ROLES }) role!: string;
  @ApiProperty() createdAt!: Date;
}

export class MemberPageDto extends PageMetaDto {
  @ApiProperty({ type: [MemberDto] }) data!: MemberDto[];
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'sb_live_AbCd1234', description: 'Non-secret start of the key, to recognise it' }) prefix!: string;
  @ApiProperty({ enum: PERMISSIONS, isArray: true }) scopes!: string[];
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty({ type: Date, nullable: true }) expiresAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) revokedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) lastUsedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The key itself. Shown only in this answer: store it now.' }) key!: string;
}

export class ApiKeyPageDto extends PageMetaDto {
  @ApiProperty({ type: [ApiKeyDto] }) data!: ApiKeyDto[];
}

export class WorkspaceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class WorkspacePageDto extends PageMetaDto {
  @ApiProperty({ type: [WorkspaceDto] }) data!: WorkspaceDto[];
}

export class WorkspaceMemberDto extends MemberPersonDto {
  @ApiProperty({ enum: WORKSPACE_ROLES }) role!: string;
  @ApiProperty() createdAt!: Date;
}

export class WorkspaceMemberPageDto extends PageMetaDto {
  @ApiProperty({ type: [WorkspaceMemberDto] }) data!: WorkspaceMemberDto[];
}
