import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsISO8601, IsNumber, IsObject, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsIntBetween, IsOmittable } from '@infrastructure/http/validation';
import { ANALYSIS_STATUSES, PRIORITIES, type AnalysisStatus, type Priority } from '@domain/analysis/analysis-status';
import { PageMetaDto, PageQueryDto } from '@infrastructure/http/pagination';

export class CreateAnalysisDto {
  @ApiProperty({ format: 'uuid', description: 'Analyse this call (its stored recording); or upload a file as multipart field `file`' })
  @IsUUID()
  callId!: string;
}

export class AnalysisQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ANALYSIS_STATUSES }) @IsOmittable() @IsIn(ANALYSIS_STATUSES) status?: AnalysisStatus;
  @ApiPropertyOptional({ enum: PRIORITIES }) @IsOmittable() @IsIn(PRIORITIES) priority?: Priority;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() assignedTo?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: 'Minimum fraud score' })
  @IsOmittable()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  minScore?: number;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOmittable() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOmittable() @IsISO8601({ strict: true }) to?: string;
}

export class AssignDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The reviewer; the least-loaded reviewer when omitted' })
  @IsOmittable()
  @IsUUID()
  reviewerId?: string;
}

export class ReviewDto {
  @ApiProperty({ enum: ['cleared', 'escalated'] }) @IsIn(['cleared', 'escalated']) decision!: 'cleared' | 'escalated';
  @ApiPropertyOptional({ maxLength: 10000 }) @IsOmittable() @IsString() @MaxLength(10_000) notes?: string;
}

export class ReviewMetricsDto {
  @ApiProperty({ minimum: 0, maximum: 100, example: 80, description: 'Share of the audio played, in percent' })
  @IsNumber()
  @Min(0)
  @Max(100)
  audioPlayedPercentage!: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 86_400 })
  @IsOmittable()
  @IsIntBetween(0, 86_400)
  timeSpentSeconds?: number;
}

export class RescoreDto {
  @ApiProperty({ type: [String], format: 'uuid', maxItems: 500 })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  analysisIds!: string[];
}

export class ScoringConfigBodyDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'phraseCategories, attributeWeights, thresholds, premiumPrefixes (see GET for the current one)',
  })
  @IsObject()
  config!: Record<string, unknown>;
}

export class EvidenceDto {
  @ApiProperty({ enum: ['phrase', 'attribute'] }) kind!: string;
  @ApiPropertyOptional() phrase?: string;
  @ApiPropertyOptional() text?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) speaker?: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) startMs?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) endMs?: number | null;
  @ApiPropertyOptional() attribute?: string;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true }) value?: string | number | null;
}

export class RiskFactorDto {
  @ApiProperty({ example: 'otp_request' }) code!: string;
  @ApiProperty() weight!: number;
  @ApiProperty({ type: [EvidenceDto] }) evidence!: EvidenceDto[];
}

export class AnalysisResultDto {
  @ApiProperty({ minimum: 0, maximum: 1 }) fraudScore!: number;
  @ApiProperty({ type: [RiskFactorDto] }) riskFactors!: RiskFactorDto[];
  @ApiProperty() scorerVersion!: string;
  @ApiProperty({ description: '0 is the built-in default' }) scoringConfigVersion!: number;
  @ApiProperty({ type: [String] }) notes!: string[];
  @ApiProperty() scoredAt!: string;
}

export class ReviewMetricsViewDto {
  @ApiProperty() plays!: number;
  @ApiProperty() audioPlayedPercentage!: number;
  @ApiProperty() timeSpentSeconds!: number;
  @ApiPropertyOptional({
    type: 'object',
    description: "Each reviewer's own playback, by user id: only the deciding reviewer's counts toward the review gate",
    additionalProperties: {
      type: 'object',
      required: ['plays', 'audioPlayedPercentage', 'timeSpentSeconds'],
      properties: { plays: { type: 'integer' }, audioPlayedPercentage: { type: 'number' }, timeSpentSeconds: { type: 'number' } },
    },
  })
  byReviewer?: Record<string, { plays: number; audioPlayedPercentage: number; timeSpentSeconds: number }>;
}

export class AnalysisDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) recordingId!: string | null;
  @ApiProperty({ type: String, nullable: true }) callId!: string | null;
  @ApiProperty({ enum: ['call', 'upload'] }) source!: string;
  @ApiProperty({ type: String, nullable: true }) fileName!: string | null;
  @ApiProperty({ type: String, nullable: true }) fileHash!: string | null;
  @ApiProperty({ enum: ANALYSIS_STATUSES }) status!: string;
  @ApiProperty({ enum: PRIORITIES, nullable: true }) priority!: string | null;
  @ApiProperty({ type: Number, nullable: true }) fraudScore!: number | null;
  @ApiProperty({ type: AnalysisResultDto, nullable: true }) result!: AnalysisResultDto | null;
  @ApiProperty({ type: String, nullable: true }) errorReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) assignedTo!: string | null;
  @ApiProperty({ type: String, nullable: true }) assignedBy!: string | null;
  @ApiProperty({ type: Date, nullable: true }) assignedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) reviewedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewDecision!: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewNotes!: string | null;
  @ApiProperty({ type: Date, nullable: true }) completedAt!: Date | null;
  @ApiProperty({ type: ReviewMetricsViewDto }) metrics!: ReviewMetricsViewDto;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class AnalysisPageDto extends PageMetaDto {
  @ApiProperty({ type: [AnalysisDto] }) data!: AnalysisDto[];
}

export class AnalysisHistoryEntryDto {
  @ApiProperty({ type: AnalysisResultDto }) result!: AnalysisResultDto;
  @ApiProperty() recordedAt!: Date;
}

export class AnalysisDetailDto extends AnalysisDto {
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'The recording analysed' }) recording!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'The transcript (conversation) of the call' })
  transcript!: Record<string, unknown> | null;
  @ApiProperty({ type: [AnalysisHistoryEntryDto], description: 'Every result, oldest first' }) history!: AnalysisHistoryEntryDto[];
}

export class RescoreResultDto {
  @ApiProperty({ type: [String] }) rescored!: string[];
  @ApiProperty({ type: [String], description: 'Not found or never scored' }) skipped!: string[];
}

export class ScoringConfigDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The organization that wrote this version (absent for the built-in default)' })
  organizationId?: string;
  @ApiProperty({ type: 'integer', description: '0 is the built-in default' }) version!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) config!: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty({ type: Date, nullable: true }) createdAt!: Date | null;
}

export class ScoringConfigListDto {
  @ApiProperty({ type: ScoringConfigDto, description: 'The version new analyses use' }) current!: ScoringConfigDto;
}

export class AnalyticsQueryDto {
  @ApiProperty({ format: 'date', example: '2026-11-01' }) @IsISO8601({ strict: true }) @IsString() from!: string;
  @ApiProperty({ format: 'date', example: '2026-11-30' }) @IsISO8601({ strict: true }) @IsString() to!: string;
}

export class AnalyticsDayDto {
  @ApiProperty({ example: '2026-11-21' }) day!: string;
  @ApiProperty() callsTotal!: number;
  @ApiProperty() callsAnswered!: number;
  @ApiProperty() analyses!: number;
  @ApiProperty() highRiskAnalyses!: number;
  @ApiProperty({ type: Number, nullable: true }) averageFraudScore!: number | null;
  @ApiProperty() activeReviewers!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Median seconds from needs-review to cleared' }) medianReviewSeconds!:
    number | null;
}

export class AnalyticsSummaryDto {
  @ApiProperty({ type: [AnalyticsDayDto] }) days!: AnalyticsDayDto[];
  @ApiProperty({ type: Date, nullable: true, description: 'When the rollup was last refreshed' }) refreshedAt!: Date | null;
}
