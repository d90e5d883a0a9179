import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem';

export class FieldErrorDto {
  @ApiProperty({ example: 'name' }) path!: string;
  @ApiProperty({ example: 'name must be a string' }) message!: string;
}

export class ProblemDto {
  @ApiProperty({ example: 'https://switchboard.dev/problems/organization.not_found' }) type!: string;
  @ApiProperty({ example: 'Not Found' }) title!: string;
  @ApiProperty({ example: 404 }) status!: number;
  @ApiProperty({ example: 'Organization not found' }) detail!: string;
  @ApiProperty({ example: '/v1/organizations/0190f1f2-0000-7000-8000-000000000000' }) instance!: string;
  @ApiProperty({ example: 'organization.not_found', description: 'Stable machine-readable code' }) code!: string;
  @ApiPropertyOptional({ example: 'req-1' }) requestId?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Each field that failed validation' }) errors?: FieldErrorDto[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request, validation failure or bad id (`validation.failed`, `request.malformed_body`, `request.invalid_id`, `pagination.invalid_cursor`)',
  401: 'Missing, invalid, expired or revoked credentials (`auth.required`, `auth.invalid_token`, `auth.token_expired`, `auth.invalid_api_key`, `auth.api_key_revoked`, `auth.api_key_expired`)',
  403: 'Authenticated, but not allowed (`auth.forbidden`, `auth.user_required`, ...)',
  404: 'Not found, or not visible to the caller (`organization.not_found`, ...)',
  409: 'Conflicts with the current state (`member.last_owner`, `idempotency.in_progress`, ...)',
  413: 'Body too large (`request.too_large`)',
  415: 'Unsupported content type (`request.unsupported_media_type`)',
  422: 'Semantically invalid (`idempotency.key_reused`, domain rule codes)',
  429: 'Rate limited (`rate_limit.exceeded`), see Retry-After',
};

/** Documents the problem+json answers a route can give. */
export function ApiProblems(...statuses: number[]) {
  const all = [...new Set([400, 401, ...statuses])].sort();
  return applyDecorators(
    ApiExtraModels(ProblemDto, FieldErrorDto),
    ...all.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}

export const ApiIdempotencyKey = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Replays the first answer for the same key and body; another body with the same key gives 422',
  });
