import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsIntBetween, IsOmittable } from '@infrastructure/http/validation';
import { RECORDING_STATUSES } from '@domain/recording/recording.aggregate';

export class CustodyStepDto {
  @ApiProperty({ example: 'recording.stored' }) action!: string;
  @ApiProperty() at!: Date;
  @ApiProperty({ enum: ['user', 'api_key', 'system'] }) actorType!: string;
  @ApiProperty({ type: String, nullable: true }) actorId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
}

export class RecordingDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) workspaceId!: string | null;
  @ApiProperty({ type: String, nullable: true }) callId!: string | null;
  @ApiProperty({ type: String, nullable: true }) twilioRecordingSid!: string | null;
  @ApiProperty({ example: 'DialVerb' }) source!: string;
  @ApiProperty() channels!: number;
  @ApiProperty({ type: Number, nullable: true }) durationSeconds!: number | null;
  @ApiProperty({ type: Date, nullable: true }) startedAt!: Date | null;
  @ApiProperty({ enum: RECORDING_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true, description: "Twilio's error code for absent or failed recordings" }) twilioErrorCode!:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the import failed, after its last attempt' }) failureReason!:
    string | null;
  @ApiProperty() importAttempts!: number;
  @ApiProperty({ type: String, nullable: true, enum: ['supabase', 'local'] }) storageBackend!: string | null;
  @ApiProperty({ type: String, nullable: true }) objectKey!: string | null;
  @ApiProperty({ type: String, nullable: true }) contentType!: string | null;
  @ApiProperty({ type: Number, nullable: true }) sizeBytes!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of the stored audio, hex' }) sha256!: string | null;
  @ApiProperty({ type: Date, nullable: true }) storedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) twilioDeletedAt!: Date | null;
  @ApiProperty() legalHold!: boolean;
  @ApiProperty({ type: Date, nullable: true }) deletedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
}

export class PausedIntervalDto {
  @ApiProperty() pausedAt!: Date;
  @ApiProperty({ type: Date, nullable: true, description: 'null while still paused' }) resumedAt!: Date | null;
  @ApiProperty({ type: Number, nullable: true, description: "Milliseconds from the recording's start, when known (else use the times)" })
  startMs!: number | null;
  @ApiProperty({ type: Number, nullable: true }) endMs!: number | null;
  @ApiProperty({ enum: ['skip', 'silence'], description: '`skip`: the interval is not in the audio at all' }) behavior!: string;
}

export class RecordingDetailDto extends RecordingDto {
  @ApiProperty({ type: [PausedIntervalDto], description: 'When the recording was paused (PCI), oldest first' })
  pausedIntervals!: PausedIntervalDto[];
  @ApiProperty({ type: [CustodyStepDto], description: 'Chain of custody, from the audit trail, oldest first' }) custody!: CustodyStepDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Why there is no automatic transcript, when there is none' })
  transcriptionNote!: string | null;
}

export class RecordingListDto {
  @ApiProperty({ type: [RecordingDto] }) data!: RecordingDto[];
}

export class PlaybackUrlDto {
  @ApiProperty({ description: 'Signed URL, valid until expiresAt (5 minutes at most)' }) url!: string;
  @ApiProperty() expiresAt!: Date;
}

export class LegalHoldDto {
  @ApiProperty() @IsBoolean() hold!: boolean;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOmittable() @IsString() @MaxLength(500) reason?: string;
}

export class SegmentDto {
  @ApiProperty({ example: 'channel:1', description: 'Speaker label or channel' }) @IsString() @MaxLength(100) speaker!: string;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 86_400_000 }) @IsIntBetween(0, 86_400_000) startMs!: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 86_400_000 }) @IsIntBetween(0, 86_400_000) endMs!: number;
  @ApiProperty() @IsString() @MaxLength(20_000) text!: string;
}

export class PutConversationDto {
  @ApiProperty({ description: 'The whole transcript as text' }) @IsString() @MaxLength(1_000_000) transcript!: string;
  @ApiProperty({ type: [SegmentDto] })
  @ArrayMaxSize(20_000)
  @ValidateNested({ each: true })
  @Type(() => SegmentDto)
  segments!: SegmentDto[];
  @ApiPropertyOptional({ maxLength: 20000 }) @IsOmittable() @IsString() @MaxLength(20_000) summary?: string;
  @ApiPropertyOptional({ example: 'en' }) @IsOmittable() @IsString() @MaxLength(16) language?: string;
}

export class ConversationDto {
  @ApiProperty({ format: 'uuid' }) callId!: string;
  @ApiProperty({ type: String, nullable: true }) transcript!: string | null;
  @ApiProperty({ type: [SegmentDto] }) segments!: SegmentDto[];
  @ApiProperty({ type: String, nullable: true }) summary!: string | null;
  @ApiProperty({ type: String, nullable: true }) language!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['api', 'transcriber'] }) source!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '`user:<id>`, `api_key:<id>` or `transcriber:<model>`' }) writtenBy!:
    string | null;
  @ApiProperty({ type: Date, nullable: true }) writtenAt!: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why there is no automatic transcript, when there is none' })
  transcriptionNote!: string | null;
  @ApiPropertyOptional({
    type: [PausedIntervalDto],
    description:
      "The gaps: when the call's recording was paused (PCI); nothing said then is in the transcript, and the scorer ignores segments inside them",
  })
  pausedIntervals?: PausedIntervalDto[];
}
