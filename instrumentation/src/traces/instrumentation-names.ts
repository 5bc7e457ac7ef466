/**
 * Every instrumentation `@opentelemetry/auto-instrumentations-node` (0.81) offers, by the short
 * name `OTEL_NODE_ENABLED_INSTRUMENTATIONS` takes there too (the package name without
 * `@opentelemetry/instrumentation-`), with the class its package exports. A test keeps this list
 * equal to upstream's. Nothing here loads any of them: each is required only when named.
 */
export const INSTRUMENTATION_CLASSES = {
  amqplib: 'AmqplibInstrumentation',
  'aws-lambda': 'AwsLambdaInstrumentation',
  'aws-sdk': 'AwsInstrumentation',
  bunyan: 'BunyanInstrumentation',
  'cassandra-driver': 'CassandraDriverInstrumentation',
  connect: 'ConnectInstrumentation',
  cucumber: 'CucumberInstrumentation',
  dataloader: 'DataloaderInstrumentation',
  dns: 'DnsInstrumentation',
  express: 'ExpressInstrumentation',
  fs: 'FsInstrumentation',
  'generic-pool': 'GenericPoolInstrumentation',
  graphql: 'GraphQLInstrumentation',
  grpc: 'GrpcInstrumentation',
  hapi: 'HapiInstrumentation',
  'host-metrics': 'HostMetricsInstrumentation',
  http: 'HttpInstrumentation',
  ioredis: 'IORedisInstrumentation',
  kafkajs: 'KafkaJsInstrumentation',
  knex: 'KnexInstrumentation',
  koa: 'KoaInstrumentation',
  'lru-memoizer': 'LruMemoizerInstrumentation',
  memcached: 'MemcachedInstrumentation',
  mongodb: 'MongoDBInstrumentation',
  mongoose: 'MongooseInstrumentation',
  mysql: 'MySQLInstrumentation',
  mysql2: 'MySQL2Instrumentation',
  'nestjs-core': 'NestInstrumentation',
  net: 'NetInstrumentation',
  openai: 'OpenAIInstrumentation',
  oracledb: 'OracleInstrumentation',
  pg: 'PgInstrumentation',
  pino: 'PinoInstrumentation',
  redis: 'RedisInstrumentation',
  restify: 'RestifyInstrumentation',
  router: 'RouterInstrumentation',
  'runtime-node': 'RuntimeNodeInstrumentation',
  'socket.io': 'SocketIoInstrumentation',
  tedious: 'TediousInstrumentation',
  undici: 'UndiciInstrumentation',
  winston: 'WinstonInstrumentation',
} as const;

/** Instrumentations by their short names. */
export type InstrumentationName = keyof typeof INSTRUMENTATION_CLASSES;

/** Every short name, sorted. */
export const KNOWN_INSTRUMENTATIONS = Object.keys(INSTRUMENTATION_CLASSES).sort() as InstrumentationName[];

/**
 * On unless disabled, each for a reason (instrumentation/README.md, "Instrumentations"):
 * http (outgoing http/https calls and their trace context; incoming requests take the lean
 * server path), undici (`fetch`), pg and mysql2 (the SQL databases Zeus services use), redis and
 * ioredis (their caches and sessions), pino (trace ids on log lines).
 */
export const DEFAULT_INSTRUMENTATIONS: readonly InstrumentationName[] = [
  'http', 'undici', 'pg', 'mysql2', 'redis', 'ioredis', 'pino',
];

/**
 * Modules an instrumentation patches, where that is not the module of its short name: used by
 * the "loaded before instrumentation" warning (built-ins and metric-only ones patch nothing the
 * app loads early).
 */
export const PATCHED_MODULES: Partial<Record<InstrumentationName, readonly string[]>> = {
  http: [], fs: [], dns: [], net: [], 'aws-lambda': [], 'host-metrics': [], 'runtime-node': [],
  pg: ['pg', 'pg-pool'],
  redis: ['redis', '@redis/client'],
  'aws-sdk': ['@aws-sdk/smithy-client', '@smithy/smithy-client', 'aws-sdk'],
  cucumber: ['@cucumber/cucumber'],
  grpc: ['@grpc/grpc-js'],
  hapi: ['@hapi/hapi'],
  'nestjs-core': ['@nestjs/core'],
};

/**
 * Span attributes that hold a database statement (or, for GraphQL, a query document), whatever
 * instrumentation wrote them: all pass through the FERPA redactor's SQL rules on export.
 */
export const STATEMENT_ATTRIBUTES = ['db.query.text', 'db.statement', 'graphql.source'] as const;
