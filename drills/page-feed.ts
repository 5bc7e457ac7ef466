import { notifications, tickets, type Notification } from './observe.js';

/** The receiver's events from the start of a drill on; incidents open before it are not ours. */
export interface PageFeed {
  /** Triggers received since the drill started, for incidents that were not already open. */
  newTriggers(): Promise<Notification[]>;
  /** The resolve of `dedupKey` received since the drill started, if any. */
  resolveOf(dedupKey: string): Promise<Notification | undefined>;
  /** Ticket webhook calls received since the drill started, one notification per alert in them. */
  newTickets(): Promise<Notification[]>;
}

/** Reads the receiver once to mark where the drill starts and which incidents were open. */
export async function openPageFeed(pagerUrl: string): Promise<PageFeed> {
  const before = await notifications(pagerUrl);
  const openBefore = new Set<string>();
  for (const n of before) (n.action === 'resolve' ? openBefore.delete(n.dedupKey) : openBefore.add(n.dedupKey));
  const seenBefore = before.length;
  const ticketsBefore = (await tickets(pagerUrl)).length;
  const since = async () => (await notifications(pagerUrl)).slice(seenBefore);
  return {
    newTickets: async () => (await tickets(pagerUrl)).slice(ticketsBefore).flatMap((call) => call.alerts),
    newTriggers: async () => (await since()).filter((n) => n.action === 'trigger' && !openBefore.has(n.dedupKey)),
    resolveOf: async (dedupKey) => (await since()).find((n) => n.action === 'resolve' && n.dedupKey === dedupKey),
  };
}
