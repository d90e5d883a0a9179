export * from './tenancy.schema';
export * from './audit.schema';
export * from './platform.schema';
export * from './telephony.schema';
export * from './recording.schema';
export * from './analysis.schema';
export * from './events.schema';
