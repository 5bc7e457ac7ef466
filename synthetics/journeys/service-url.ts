import { JourneyFailure } from '../failure.js';
import type { StepContext } from '../types.js';

/** Base URL of a Zeus service from the run's targets; a missing one fails the step as `navigation`. */
export function serviceUrl(ctx: StepContext, service: string): string {
  const url = ctx.targets.services[service];
  if (!url) throw new JourneyFailure('navigation', `no URL configured for the ${service} service`);
  return url;
}
