import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsString, IsUUID, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsIntBetween, IsOmittable } from '@infrastructure/http/validation';
import { AGENT_AVAILABILITIES, type AgentAvailability } from '@domain/telephony/agent.aggregate';
import { CALL_DIRECTIONS, CALL_STATUSES, type CallDirection, type CallStatus } from '@domain/telephony/call-status';
import { RING_STRATEGIES, type RingStrategy } from '@domain/telephony/phone-number.aggregate';
import { PageMetaDto, PageQueryDto } from '@infrastructure/http/pagination';

/** A Twilio SID: `prefix` then 32 hex digits; the message names the field. */
const IsTwilioSid = (prefix: string) =>
  applyDecorators(
    Matches(new RegExp(`^${prefix}[0-9a-f]{32}$`), { message: `$property must be ${prefix} followed by 32 hex digits` }),
    IsString(),
  );

export class PutTwilioAccountDto {
  @ApiProperty({ example: 'AC0123456789abcdef0123456789abcdef' })
  @IsTwilioSid('AC')
  accountSid!: string;
  @ApiProperty({ writeOnly: true, description: 'Write-only: stored encrypted, never returned' })
  @IsString()
  @Length(16, 128)
  authToken!: string;
  @ApiPropertyOptional({ example: 'SK0123456789abcdef0123456789abcdef', description: 'API key for softphone tokens' })
  @IsOmittable()
  @IsTwilioSid('SK')
  apiKeySid?: string;
  @ApiPropertyOptional({ writeOnly: true, description: 'Write-only: stored encrypted, never returned' })
  @IsOmittable()
  @IsString()
  @Length(16, 128)
  apiKeySecret?: string;
  @ApiPropertyOptional({ example: 'AP0123456789abcdef0123456789abcdef' })
  @IsOmittable()
  @IsTwilioSid('AP')
  twimlAppSid?: string;
  @ApiPropertyOptional({ default: true, description: 'Fetch the account from Twilio first; bad credentials give 422' })
  @IsOmittable()
  @IsBoolean()
  verify?: boolean;
}

export class TwilioAccountDto {
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty() accountSid!: string;
  @ApiProperty() authTokenSet!: boolean;
  @ApiProperty({ type: String, nullable: true }) apiKeySid!: string | null;
  @ApiProperty() apiKeySecretSet!: boolean;
  @ApiProperty({ type: String, nullable: true }) twimlAppSid!: string | null;
  @ApiProperty({ type: Date, nullable: true, description: 'Until when the replaced auth token still validates webhooks' })
  previousAuthTokenValidUntil!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) verifiedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class AddPhoneNumberDto {
  @ApiProperty({ example: '+14155550100', description: 'E.164' }) @IsString() @MaxLength(20) phoneNumber!: string;
  @ApiProperty({ example: 'PN0123456789abcdef0123456789abcdef' })
  @IsTwilioSid('PN')
  twilioSid!: string;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOmittable() @IsString() @MaxLength(100) friendlyName?: string;
  @ApiPropertyOptional({ enum: RING_STRATEGIES, default: 'simultaneous' })
  @IsOmittable()
  @IsIn(RING_STRATEGIES)
  ringStrategy?: RingStrategy;
}

export class UpdatePhoneNumberDto {
  @ApiPropertyOptional({ type: String, maxLength: 100, nullable: true })
  @IsOmittable()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(100)
  friendlyName?: string | null;
  @ApiPropertyOptional({ enum: RING_STRATEGIES }) @IsOmittable() @IsIn(RING_STRATEGIES) ringStrategy?: RingStrategy;
}

export class AssignAgentDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 1000,
    description: 'Place in the ringing order (0 first); last when omitted',
  })
  @IsOmittable()
  @IsIntBetween(0, 1000)
  position?: number;
}

export class NumberAgentDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ type: String, nullable: true }) identity!: string | null;
}

export class PhoneNumberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty({ example: '+14155550100' }) phoneNumber!: string;
  @ApiProperty() twilioSid!: string;
  @ApiProperty({ type: String, nullable: true }) friendlyName!: string | null;
  @ApiProperty({ enum: RING_STRATEGIES }) ringStrategy!: string;
  @ApiProperty({ type: [NumberAgentDto] }) agents!: NumberAgentDto[];
  @ApiProperty() createdAt!: Date;
}

export class PhoneNumberPageDto extends PageMetaDto {
  @ApiProperty({ type: [PhoneNumberDto] }) data!: PhoneNumberDto[];
}

export class AddAgentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId!: string;
  @ApiProperty({ example: 'ana.lopez', description: 'Softphone client identity, unique in the workspace' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,121}$/)
  identity!: string;
  @ApiPropertyOptional({ enum: AGENT_AVAILABILITIES, default: 'offline' })
  @IsOmittable()
  @IsIn(AGENT_AVAILABILITIES)
  availability?: AgentAvailability;
}

export class UpdateAgentDto {
  @ApiPropertyOptional() @IsOmittable() @IsString() @Matches(/^[A-Za-z0-9._-]{1,121}$/) identity?: string;
  @ApiPropertyOptional({ enum: AGENT_AVAILABILITIES }) @IsOmittable() @IsIn(AGENT_AVAILABILITIES) availability?: AgentAvailability;
}

export class AgentDto {
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() identity!: string;
  @ApiProperty({ enum: AGENT_AVAILABILITIES, description: 'As inbound routing sees it now: offline once a softphone presence lapsed' })
  availability!: string;
  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'Until when the last softphone token keeps the agent online; null when the availability was set by hand',
  })
  presenceExpiresAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) fullName!: string | null;
  @ApiProperty({ type: [String] }) phoneNumberIds!: string[];
  @ApiProperty() createdAt!: Date;
}

export class AgentPageDto extends PageMetaDto {
  @ApiProperty({ type: [AgentDto] }) data!: AgentDto[];
}

export class SoftphoneTokenDto {
  @ApiProperty({ description: 'Twilio Voice access token (JWT) for the Voice SDK' }) token!: string;
  @ApiProperty() identity!: string;
  @ApiProperty() expiresAt!: Date;
}

export class StartCallDto {
  @ApiProperty({ example: '+14155550100', description: 'The customer to call, E.164' }) @IsString() @MaxLength(20) to!: string;
  @ApiPropertyOptional({ format: 'uuid', description: "Caller ID: one of the workspace's numbers; the agent's first number when omitted" })
  @IsOmittable()
  @IsUUID()
  fromNumberId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The agent whose softphone rings first; the caller when omitted' })
  @IsOmittable()
  @IsUUID()
  agentUserId?: string;
}

export class CallQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() workspaceId?: string;
  @ApiPropertyOptional({ enum: CALL_STATUSES }) @IsOmittable() @IsIn(CALL_STATUSES) status?: CallStatus;
  @ApiPropertyOptional({ enum: CALL_DIRECTIONS }) @IsOmittable() @IsIn(CALL_DIRECTIONS) direction?: CallDirection;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() agentUserId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() phoneNumberId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOmittable() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOmittable() @IsISO8601({ strict: true }) to?: string;
}

export class CallDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty() callSid!: string;
  @ApiProperty({ type: String, nullable: true }) parentCallSid!: string | null;
  @ApiProperty({ enum: CALL_DIRECTIONS }) direction!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ enum: CALL_STATUSES }) status!: string;
  @ApiProperty({ type: Date, nullable: true }) startedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) answeredAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) endedAt!: Date | null;
  @ApiProperty({ type: Number, nullable: true }) durationSeconds!: number | null;
  @ApiProperty({ type: String, nullable: true }) answeredByUserId!: string | null;
  @ApiProperty({ type: String, nullable: true }) agentUserId!: string | null;
  @ApiProperty({ type: String, nullable: true }) phoneNumberId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'STIR/SHAKEN verification from Twilio' }) stirVerstat!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class CallParticipantDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['external', 'agent'] }) kind!: string;
  @ApiProperty({ enum: ['host', 'participant'] }) role!: string;
  @ApiProperty({ type: String, nullable: true }) userId!: string | null;
  @ApiProperty() address!: string;
  @ApiProperty({ type: String, nullable: true }) callSid!: string | null;
  @ApiProperty({ type: Date, nullable: true }) joinedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) leftAt!: Date | null;
}

export class RecordingPauseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The Twilio recording that was paused' }) recordingSid!: string;
  @ApiProperty({ enum: ['skip', 'silence'], description: '`skip`: nothing of the interval is in the audio' }) behavior!: string;
  @ApiProperty() pausedAt!: Date;
  @ApiProperty({ type: Date, nullable: true, description: 'null while the recording is still paused' }) resumedAt!: Date | null;
  @ApiProperty({ type: Number, nullable: true, description: "From the recording's start, when Twilio told when it started" })
  startOffsetMs!: number | null;
  @ApiProperty({ type: Number, nullable: true }) endOffsetMs!: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) pausedByUserId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) resumedByUserId!: string | null;
}

export class CallDetailDto extends CallDto {
  @ApiProperty({ type: [CallParticipantDto] }) participants!: CallParticipantDto[];
  @ApiProperty({ type: [CallDto], description: 'Child legs (the dials to agents or numbers)' }) legs!: CallDto[];
  @ApiProperty({ type: [RecordingPauseDto], description: "The recording's PCI-paused intervals, oldest first" })
  recordingPauses!: RecordingPauseDto[];
}

export class CallPageDto extends PageMetaDto {
  @ApiProperty({ type: [CallDto] }) data!: CallDto[];
}
