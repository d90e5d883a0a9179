import { v7 as uuidv7, validate as uuidValidate } from 'uuid';

/** Time-ordered UUID (v7): an aggregate knows its id before insert, and ids sort by creation. */
export function newId(): string {
  return uuidv7();
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidValidate(value);
}
