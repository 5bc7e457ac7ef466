import { freePortsFor } from '../../test/support/index.js';
import { DEFAULT_PORTS, type StackPorts } from '../options.js';

/**
 * A free loopback port for every component of the stack, so a test stack never collides with
 * another test's stack or with a running `npm start` (a component added later is covered too).
 */
export async function freeStackPorts(): Promise<StackPorts> {
  return freePortsFor(Object.keys(DEFAULT_PORTS) as Array<keyof StackPorts>);
}
