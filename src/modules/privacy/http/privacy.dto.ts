import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, IsUUID, MaxLength } from 'class-validator';
import { ALL_ERASURE_STEPS } from '@domain/privacy/erasure-request.aggregate';
import { IsOmittable } from '@infrastructure/http/validation';
import { PageMetaDto, PageQueryDto } from '@infrastructure/http/pagination';

const LOCATIONS = ['database', 'object_storage', 'twilio', 'audit_trail', 'event_copies', 'stored_answers', 'export_archive'];
const ACTIONS = ['deleted', 'redacted', 'shredded', 'kept', 'already_gone', 'nothing_found'];
const CAUSES = ['erasure', 'retention', 'request'];

/** One of the two: a caller by phone number, or a member by user id. */
export class RequestErasureDto {
  @ApiPropertyOptional({
    example: '+14155550123',
    description: "A caller's phone number with its country code, in any spelling (`+1 (415) 555-0123`); searched in every spelling",
  })
  @IsOmittable()
  @IsString()
  @MaxLength(40)
  phoneNumber?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A member of the organization (not its last owner)' })
  @IsOmittable()
  @IsUUID()
  userId?: string;
}

class ActorDto {
  @ApiProperty({ enum: ['user', 'api_key', 'system'] }) type!: string;
  @ApiProperty({ type: String, nullable: true }) id!: string | null;
}

export class DeletionReceiptDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CAUSES, description: 'An erasure request, the retention policy, or a recording deleted on request' })
  cause!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) erasureRequestId!: string | null;
  @ApiProperty({
    example: 'recording',
    description: 'What the copy belonged to: call, recording, conversation, analysis, organization_export…',
  })
  resourceType!: string;
  @ApiProperty() resourceId!: string;
  @ApiProperty({ enum: LOCATIONS, description: 'Where the copy was' }) location!: string;
  @ApiProperty({
    enum: ACTIONS,
    description: '`kept` names why in `detail.reason` (`legal_hold`); `already_gone`: an earlier attempt or deletion removed it',
  })
  action!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "Counts, Twilio's answer (`twilioAnswer`), or why it was kept; never the erased data",
  })
  detail!: Record<string, unknown>;
  @ApiProperty() at!: Date;
}

export class ErasureRequestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['phone_number', 'user'] }) subjectType!: string;
  @ApiProperty({
    example: '+1********23',
    description: 'A phone number masked (the clear number is kept only while the erasure runs), or the user id',
  })
  subject!: string;
  @ApiProperty({ enum: ['pending', 'running', 'completed'] }) status!: string;
  @ApiProperty({
    enum: ['erased', 'partially_erased'],
    nullable: true,
    description: '`partially_erased`: a legal hold kept some of it (the receipt says what and why); null until completed',
  })
  outcome!: string | null;
  @ApiProperty({ type: ActorDto }) requestedBy!: ActorDto;
  @ApiProperty({ enum: ALL_ERASURE_STEPS, isArray: true, description: 'In order; a crashed erasure resumes at the first step not listed' })
  stepsDone!: string[];
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: "The last attempt's error, while the job retries" }) lastError!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: Date | null;
}

export class ErasureRequestWithReceiptDto extends ErasureRequestDto {
  @ApiProperty({ type: [DeletionReceiptDto], description: 'One row per copy found: what was done where, and what was kept and why' })
  receipt!: DeletionReceiptDto[];
}

export class ErasureRequestPageDto extends PageMetaDto {
  @ApiProperty({ type: [ErasureRequestDto] }) data!: ErasureRequestDto[];
}

export class DeletionReceiptPageDto extends PageMetaDto {
  @ApiProperty({ type: [DeletionReceiptDto] }) data!: DeletionReceiptDto[];
}

export class DeletionReceiptQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CAUSES }) @IsOmittable() @IsIn(CAUSES) cause?: 'erasure' | 'retention' | 'request';
  @ApiPropertyOptional({ format: 'date-time' }) @IsOmittable() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOmittable() @IsISO8601({ strict: true }) to?: string;
}
