/** Actors and the one authorisation function. */
export * from './actor.ts';
export * from './authorize.ts';
