import { userSessionChangedChannel, type EventBus, type Logger } from '@cryptograph/core';

/** Tells every gateway that a user's session changed, so it stops accepting the user's older credentials. */
export interface SessionAnnouncer {
  /** Announces `{ userId }`; call it after the change is committed. Never throws: the change is stored either way. */
  changed(userId: string): Promise<void>;
}

/**
 * Publishes session changes on the event bus. A failed publish is logged and swallowed: the new
 * session version is already committed, and gateways that missed the event pick it up when their
 * cached session state expires (SESSION_CACHE_SECONDS).
 */
export function createSessionAnnouncer(bus: EventBus, logger: Logger): SessionAnnouncer {
  return {
    async changed(userId) {
      try {
        await bus.publish(userSessionChangedChannel, { userId });
      } catch (error) {
        logger.error({ err: error, userId }, 'could not announce a session change; gateways pick it up when their cache expires');
      }
    },
  };
}
