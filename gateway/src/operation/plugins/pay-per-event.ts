import { ErrorCode } from '@cryptograph/core/base';
import type { GraphQLFormattedError } from 'graphql';
import type { FollowUpCharge } from '../../limits/usage-budgets.js';
import type { StreamOutcome } from '../operation-outcome.js';

/** How a paid stream charges its events. */
export interface PayPerEventOptions {
  /** Charges `events` events to the caller's budget (one call in flight per stream at a time). */
  charge(events: number): Promise<FollowUpCharge>;
  /** The error that ends the stream when the budget has run out. */
  exhausted(retryAfter: number): GraphQLFormattedError;
  /** Logs a failed charge; the events are then delivered (the budget's own insurance limiter covers outages). */
  onUnexpected(error: unknown): void;
}

/** Most events one stream may have waiting for a charge before the subscriber is ended as too far behind. */
const maxWaitingEvents = 10_000;

const tooFarBehind: GraphQLFormattedError = {
  message: 'The subscription fell too far behind and was ended; subscribe again.',
  extensions: { code: ErrorCode.RATE_LIMITED },
};

/**
 * Delivers a stream's events only once the caller's budget has paid for them, in order. While one
 * charge is in flight the next events wait (conflating ones replace a waiting event with the same
 * key) and are then charged together, so a stream costs at most one budget round trip at a time.
 * When the budget runs out the stream is stopped and ended with RATE_LIMITED; an end of the
 * upstream is passed on after the events before it.
 */
export function payPerEvent(outcome: StreamOutcome, options: PayPerEventOptions): StreamOutcome {
  return {
    kind: 'stream',
    start(sink) {
      const waiting = new Map<string, { payload: Buffer; conflationKey: string | null }>();
      let sequence = 0;
      let charging = false;
      let ending: { errors: readonly GraphQLFormattedError[] | null } | null = null;
      let done = false;
      let stopUpstream: () => void = () => {};
      const stop = () => {
        if (done) return;
        done = true;
        stopUpstream();
      };
      const passEnd = () => {
        if (!ending || charging || waiting.size > 0 || done) return;
        done = true;
        if (ending.errors) sink.error(ending.errors);
        else sink.complete();
      };
      const pay = async () => {
        charging = true;
        while (waiting.size > 0 && !done) {
          const batch = [...waiting.values()];
          waiting.clear();
          let charge: FollowUpCharge;
          try {
            charge = await options.charge(batch.length);
          } catch (error) {
            options.onUnexpected(error);
            charge = { allowed: true, retryAfter: 0 };
          }
          if (done) return;
          if (!charge.allowed) {
            stop();
            sink.error([options.exhausted(charge.retryAfter)]);
            return;
          }
          for (const event of batch) sink.next(event.payload, event.conflationKey);
        }
        charging = false;
        passEnd();
      };
      stopUpstream = outcome.start({
        next(payload, conflationKey) {
          if (done || ending) return;
          waiting.set(conflationKey === null ? `#${sequence++}` : `=${conflationKey}`, { payload, conflationKey });
          if (waiting.size > maxWaitingEvents) {
            stop();
            sink.error([tooFarBehind]);
            return;
          }
          if (!charging) pay().catch(options.onUnexpected);
        },
        error(errors) {
          if (done) return;
          ending = { errors };
          passEnd();
        },
        complete() {
          if (done) return;
          ending = { errors: null };
          passEnd();
        },
      });
      return stop;
    },
  };
}
