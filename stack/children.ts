import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, type WriteStream } from 'node:fs';

/** A child process of the stack, running in its own process group. */
export interface Child {
  readonly name: string;
  readonly pid: number;
  /** Exit code, or the signal name, once it has exited. */
  exited(): string | undefined;
  /** The last lines it wrote (also kept in its log file). */
  tail(lines?: number): string;
  /** SIGTERM to its whole group, then SIGKILL after `graceMs`; resolves once the group is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Options of {@link startChild}. */
export interface ChildOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Output is appended here. */
  logFile: string;
  /** Called with each complete output line (e.g. to print pages). */
  onLine?: (line: string) => void;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** True while any process of group `pgid` exists (read from /proc; no signal sent). */
export function groupAlive(pgid: number): boolean {
  return groupMembers(pgid).length > 0;
}

/** Pids of the processes in group `pgid`, from /proc (Linux). */
export function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command: state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/**
 * Pids of every live process whose environment carries `ZEUS_STACK_ID=<id>`: the stack's
 * children and everything they started, even in other process groups (Playwright starts
 * Chromium in its own group). Read from /proc/<pid>/environ (Linux, same user).
 */
export function markedProcesses(id: string): number[] {
  const marker = `ZEUS_STACK_ID=${id}`;
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) out.push(Number(entry));
    } catch {
      // ended, or not ours to read
    }
  }
  return out;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // group already gone
  }
}

/**
 * Starts a command as the leader of a new process group, so stopping it also stops whatever it
 * started (the demo's three services, Chromium). Output goes to `logFile`. If the stack process
 * exits without stopping it, an exit hook kills the group.
 */
export function startChild(options: ChildOptions): Child {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const child of live) if (child.pid) killGroup(child.pid, 'SIGKILL');
    });
  }
  const log: WriteStream = createWriteStream(options.logFile, { flags: 'a', mode: 0o600 });
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const recent: string[] = [];
  let partial = '';
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    const text = partial + chunk.toString();
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      recent.push(line);
      if (recent.length > 200) recent.shift();
      options.onLine?.(line);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let status: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      status = signal ?? String(code);
      live.delete(child);
      resolve();
    });
    child.once('error', (error) => {
      status = `spawn error: ${error.message}`;
      live.delete(child);
      resolve();
    });
  });
  const pid = child.pid ?? -1;
  return {
    name: options.name,
    pid,
    exited: () => status,
    tail: (n = 20) => recent.slice(-n).join('\n'),
    async stop(graceMs = 5_000) {
      if (pid > 0) {
        killGroup(pid, 'SIGTERM');
        const deadline = Date.now() + graceMs;
        while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        if (groupAlive(pid)) {
          killGroup(pid, 'SIGKILL');
          const hard = Date.now() + 2_000;
          while (groupAlive(pid) && Date.now() < hard) await new Promise((r) => setTimeout(r, 50));
        }
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 1_000))]);
      await new Promise<void>((resolve) => log.end(resolve));
    },
  };
}
