import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsString, MaxLength, MinLength } from 'class-validator';
import { PageMetaDto } from '@infrastructure/http/pagination';
import { IsIntBetween, IsOmittable } from '@infrastructure/http/validation';

/** The rules an endpoint's URL meets on create and update (whether it is public is checked later). */
const IsWebhookUrl = () => applyDecorators(MaxLength(2000), MinLength(1), IsString());

/** The rules an endpoint's event types or families meet on create and update. */
const IsEventTypeList = () => applyDecorators(MaxLength(100, { each: true }), IsString({ each: true }), ArrayMaxSize(50), IsArray());

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://crm.example.com/hooks/switchboard', description: 'https, resolving to public addresses only' })
  @IsWebhookUrl()
  url!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['call.*', 'analysis.scored'],
    description: 'Event types or families (`call.*`); every event when empty or absent',
  })
  @IsOmittable()
  @IsEventTypeList()
  eventTypes?: string[];

  @ApiPropertyOptional({ example: 'CRM sync' }) @IsOmittable() @IsString() @MaxLength(500) description?: string;
  @ApiPropertyOptional({ default: true }) @IsOmittable() @IsBoolean() enabled?: boolean;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional({ example: 'https://crm.example.com/hooks/switchboard' })
  @IsOmittable()
  @IsWebhookUrl()
  url?: string;

  @ApiPropertyOptional({ type: [String], example: ['call.*'] })
  @IsOmittable()
  @IsEventTypeList()
  eventTypes?: string[];

  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(500) description?: string;
  @ApiPropertyOptional({ description: 'Enabling an endpoint disabled after failures resumes deliveries of new events' })
  @IsOmittable()
  @IsBoolean()
  enabled?: boolean;
}

export class RotateWebhookSecretDto {
  @ApiPropertyOptional({
    description: 'Seconds the replaced secret keeps signing deliveries beside the new one (default WEBHOOKS_SECRET_OVERLAP_SECONDS, 24 h)',
    minimum: 0,
    maximum: 2_592_000,
  })
  @IsOmittable()
  @IsIntBetween(0, 2_592_000)
  overlapSeconds?: number;
}

export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: [String] }) eventTypes!: string[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Why deliveries stopped (failures past the last retry, or a user)' })
  disabledReason!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until when the rotated-out secret still signs deliveries',
  })
  previousSecretExpiresAt!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class CreatedWebhookEndpointDto extends WebhookEndpointDto {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'The signing secret: in this answer only' })
  secret!: string;
}

export class RotatedWebhookSecretDto {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'The new signing secret: in this answer only' })
  secret!: string;
  @ApiProperty({ format: 'date-time' }) previousSecretExpiresAt!: Date;
}

export class WebhookEndpointPageDto extends PageMetaDto {
  @ApiProperty({ type: [WebhookEndpointDto] }) data!: WebhookEndpointDto[];
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) endpointId!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'call.started' }) eventType!: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'HTTP status of the last answer' }) responseStatus!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Milliseconds the last attempt took' }) responseTimeMs!: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: Date | null;
}

export class WebhookDeliveryPageDto extends PageMetaDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) data!: WebhookDeliveryDto[];
}
