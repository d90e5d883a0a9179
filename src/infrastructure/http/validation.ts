import { applyDecorators, ValidationPipe, type ValidationError } from '@nestjs/common';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import { ProblemException, type FieldError } from './problem';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      path,
      message: rule === 'whitelistValidation' ? `${path} is not a known field` : message,
    }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** Whitelist and forbid unknown fields; every failure listed with its path. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      return new ProblemException(400, 'validation.failed', `${list.length} field${list.length === 1 ? '' : 's'} failed validation`, {
        errors: list,
      });
    },
  });
}

/**
 * An optional field: it may be left out, but `null` is a value and must pass the field's rules
 * (class-validator's IsOptional lets `null` through to handlers that do not expect it). Fields
 * that really accept `null` say so with `ValidateIf((_, v) => v !== null)` beside this.
 */
export const IsOmittable = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** A whole number from `min` to `max` (the OpenAPI bounds are the property's own to state). */
export const IsIntBetween = (min: number, max: number) => applyDecorators(Max(max), Min(min), IsInt());
