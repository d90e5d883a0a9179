import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isUuid } from '@domain/shared/ids';
import { ProblemException } from './problem';

/** Path ids must be UUIDs; anything else is a 400 problem, never a database error. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isUuid(value)) {
      throw new ProblemException(400, 'request.invalid_id', `${metadata.data ?? 'id'} must be a UUID`, {
        errors: [{ path: metadata.data ?? 'id', message: 'must be a UUID' }],
      });
    }
    return value.toLowerCase();
  }
}
