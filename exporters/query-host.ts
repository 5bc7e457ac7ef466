import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import type { Row } from './collector.js';
import { QUERY_HOST_PROGRAM } from './query-host-program.js';

/** A query to run in the query host. */
export interface QueryRequest {
  readonly dbPath: string;
  readonly sql: string;
  /** Positional parameters (`$1`, `$2`…): SQLite takes them by the names `1`, `2`…; unused ones are ignored. */
  readonly params?: readonly (number | string)[];
  /** The query fails with a timeout after this long; the host process is killed. */
  readonly timeoutMs: number;
  /** How long SQLite waits on a lock before failing with "database is locked" (default timeoutMs / 2). */
  readonly busyTimeoutMs?: number;
}

/** Rows of a successful query and the time SQLite took, in milliseconds. */
export interface QueryResult {
  readonly rows: readonly Row[];
  readonly durationMs: number;
}

/** Why a query failed: `code` is SQLite's (SQLITE_BUSY, SQLITE_CORRUPT...), ENOENT, TIMEOUT or HOST. */
export class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

interface Pending {
  readonly id: number;
  readonly request: QueryRequest;
  resolve(result: QueryResult): void;
  reject(error: QueryError): void;
}

type Reply = { id: number; ok: true; rows: Row[]; durationMs: number } | { id: number; ok: false; code: string; message: string };

/**
 * Runs read-only SQLite queries in a child process, one at a time, so a slow or locked database
 * never blocks the exporter's event loop. A query that outlives its timeout is failed and the
 * child is killed (SIGKILL works even inside a native SQLite call); the next query starts a
 * fresh child. The timeout counts from when the query is handed to the child, not while queued.
 */
export class QueryHost {
  private child: ChildProcess | undefined;
  private readonly queue: Pending[] = [];
  private current: { pending: Pending; timer: NodeJS.Timeout; child: ChildProcess } | undefined;
  private nextId = 1;
  private closed = false;
  private readonly sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');

  /** Queues a query; resolves with its rows or rejects with a QueryError. Never throws synchronously. */
  query(request: QueryRequest): Promise<QueryResult> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new QueryError('HOST', 'query host is closed'));
        return;
      }
      this.queue.push({ id: this.nextId++, request, resolve, reject });
      this.pump();
    });
  }

  /** Kills the child and fails every queued query. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new QueryError('HOST', 'query host is closed'));
    if (this.current) {
      clearTimeout(this.current.timer);
      this.current.pending.reject(new QueryError('HOST', 'query host is closed'));
      this.current = undefined;
    }
    await this.kill();
  }

  private pump(): void {
    if (this.current || this.closed) return;
    const pending = this.queue.shift();
    if (!pending) return;
    let child: ChildProcess;
    try {
      child = this.ensureChild();
    } catch (error) {
      pending.reject(new QueryError('HOST', `cannot start query host: ${(error as Error).message}`));
      this.pump();
      return;
    }
    const { request } = pending;
    const timer = setTimeout(() => {
      this.finish(pending.id, () => pending.reject(new QueryError('TIMEOUT', `query timed out after ${request.timeoutMs} ms`)));
      void this.kill();
    }, request.timeoutMs);
    this.current = { pending, timer, child };
    this.setRef(child, true);
    child.send(
      {
        id: pending.id,
        dbPath: request.dbPath,
        sql: request.sql,
        params: Object.fromEntries((request.params ?? []).map((value, index) => [String(index + 1), value])),
        busyTimeoutMs: request.busyTimeoutMs ?? Math.floor(request.timeoutMs / 2),
      },
      (error) => {
        if (error) this.finish(pending.id, () => pending.reject(new QueryError('HOST', `cannot reach query host: ${error.message}`)));
      },
    );
  }

  /** Settles the current query if it is still `id`, then starts the next one. */
  private finish(id: number, settle: () => void): void {
    if (!this.current || this.current.pending.id !== id) return;
    clearTimeout(this.current.timer);
    const { child } = this.current;
    this.current = undefined;
    // An idle host must not keep the exporter (or a test run) alive on its own.
    if (this.queue.length === 0) this.setRef(child, false);
    settle();
    setImmediate(() => this.pump());
  }

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    const child = spawn(process.execPath, ['--title=zeus-exporter-query-host', '-e', QUERY_HOST_PROGRAM, this.sqliteModule], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
    // Only a query in flight (the IPC channel, see setRef) keeps the parent process alive.
    (child.stderr as Socket | null)?.unref();
    child.on('message', (reply: Reply) => {
      const pending = this.current?.pending;
      if (!pending || pending.id !== reply.id) return;
      this.finish(reply.id, () =>
        reply.ok
          ? pending.resolve({ rows: reply.rows, durationMs: reply.durationMs })
          : pending.reject(new QueryError(reply.code, reply.message)),
      );
    });
    const gone = (why: string) => {
      if (this.child === child) this.child = undefined;
      const pending = this.current?.child === child ? this.current.pending : undefined;
      if (pending) {
        const detail = stderr.trim().split('\n').pop() ?? '';
        this.finish(pending.id, () => pending.reject(new QueryError('HOST', `query host ${why}${detail ? `: ${detail}` : ''}`)));
      }
    };
    child.on('exit', (code, signal) => gone(`exited (${signal ?? `code ${code}`})`));
    child.on('error', (error) => gone(`failed: ${error.message}`));
    this.child = child;
    return child;
  }

  private setRef(child: ChildProcess, ref: boolean): void {
    const channel = child.channel as { ref?: () => void; unref?: () => void } | null | undefined;
    if (ref) {
      child.ref();
      channel?.ref?.();
    } else {
      child.unref();
      channel?.unref?.();
    }
  }

  private kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    // Held referenced until it is gone, so a shutting-down process waits for the exit.
    this.setRef(child, true);
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
