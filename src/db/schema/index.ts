export * from './assessments.ts';
export * from './audit.ts';
export * from './hazards.ts';
export * from './identity.ts';
export * from './inspections.ts';
export * from './registry.ts';
export * from './tasks.ts';
export * from './tenants.ts';
