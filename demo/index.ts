/**
 * The Zeus Academia reference services (portal, enrollment, grades): the system the
 * observability stack watches. Other folders import only this file.
 */
export * from './db/index.js';
