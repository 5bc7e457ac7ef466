import { notifications, type Notification } from './observe.js';

/** The receiver's events from the start of a drill on; incidents open before it are not ours. */
export interface PageFeed {
  /** Triggers received since the drill started, for incidents that were not already open. */
  newTriggers(): Promise<Notification[]>;
  /** The resolve of `dedupKey` received since the drill started, if any. */
  resolveOf(dedupKey: string): Promise<Notification | undefined>;
}

/** Reads the receiver once to mark where the drill starts and which incidents were open. */
export async function openPageFeed(pagerUrl: string): Promise<PageFeed> {
  const before = await notifications(pagerUrl);
  const openBefore = new Set<string>();
  for (const n of before) (n.action === 'resolve' ? openBefore.delete(n.dedupKey) : openBefore.add(n.dedupKey));
  const seenBefore = before.length;
  const since = async () => (await notifications(pagerUrl)).slice(seenBefore);
  return {
    newTriggers: async () => (await since()).filter((n) => n.action === 'trigger' && !openBefore.has(n.dedupKey)),
    resolveOf: async (dedupKey) => (await since()).find((n) => n.action === 'resolve' && n.dedupKey === dedupKey),
  };
}
