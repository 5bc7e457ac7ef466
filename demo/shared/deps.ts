import type { RequestHandler } from 'express';
import type { SessionCodec } from '../auth/session.js';
import type { Database } from '../db/database.js';
import type { FaultController } from '../faults/controller.js';
import type { Recorder } from './recorder.js';

export type { Recorder } from './recorder.js';

/** The pino methods the services log through (a pino Logger satisfies it). */
export interface Log {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

/** OTel-style database span attributes (`db.system.name`, `db.operation.name`, `db.collection.name`). */
export interface DbSpanAttributes {
  system: 'sqlite' | 'postgresql';
  operation: string;
  collection: string;
  statement: string;
}

/** `withDbSpan` of `@zeus/instrumentation`: runs `fn` inside a client span. */
export type DbSpan = <T>(attributes: DbSpanAttributes, fn: () => T) => T;

/** `health()` of `@zeus/instrumentation`: middleware serving /healthz and /readyz. */
export type HealthMiddlewareFactory = (options: {
  checks: Record<string, () => unknown>;
  timeoutMs?: number;
}) => RequestHandler;

/** Tells user traffic from synthetic probes (`trafficSource` of `@zeus/instrumentation`). */
export type TrafficSourceOf = (request: { headers: Record<string, string | string[] | undefined> }) => 'user' | 'synthetic';

/**
 * Feature-flag evaluation (an OpenFeature server-SDK `Client` satisfies it). Without one, every
 * flag gets its code default: the behaviour before the flag existed.
 */
export interface FlagClient {
  getBooleanValue(flagKey: string, defaultValue: boolean, context?: FlagContext): Promise<boolean>;
  getStringValue(flagKey: string, defaultValue: string, context?: FlagContext): Promise<string>;
}

/** What a flag is evaluated for: `targetingKey` is the account id (never recorded in telemetry). */
export type FlagContext = {
  targetingKey: string;
  /** `user` or `synthetic`: the sandbox targeting rule matches synthetic accounts. */
  trafficSource: 'user' | 'synthetic';
};

/** What each REST API (enrollment, grades) is built from; everything is passed in (no globals). */
export interface ApiAppDeps {
  db: Database;
  metrics: Recorder;
  logger: Log;
  faults: FaultController;
  sessions: SessionCodec;
  /** `withDbSpan` of @zeus/instrumentation; DB calls are untraced without it. */
  dbSpan?: DbSpan;
  /** `health` of @zeus/instrumentation; a minimal /healthz and /readyz without it. */
  health?: HealthMiddlewareFactory;
  trafficSource?: TrafficSourceOf;
  /** Feature flags (OpenFeature); without it every flag is at its code default. */
  flags?: FlagClient;
  /** Clock in ms (tests move it to close the enrollment window or pass the grade deadline). */
  now?: () => number;
}
