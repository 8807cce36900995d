import { Redis } from 'ioredis';

/** Apollo's `KeyValueCache` interface (structurally; @apollo/server does not re-export it). */
export interface KeyValueCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- Apollo's KeyValueCache declares this return type
  delete(key: string): Promise<boolean | void>;
}

/**
 * Apollo's KeyValueCache on Redis, so every gateway replica shares persisted queries. Written here
 * because it is three commands: Apollo's Keyv adapter would add keyv and @keyv/redis for the same.
 */
export class RedisKeyValueCache implements KeyValueCache {
  readonly #redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.#redis = new Redis(url, { maxRetriesPerRequest: 2 });
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#redis.get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    if (options?.ttl) await this.#redis.set(this.prefix + key, value, 'EX', Math.max(1, Math.ceil(options.ttl)));
    else await this.#redis.set(this.prefix + key, value);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.#redis.del(this.prefix + key)) > 0;
  }

  /** Closes the connection. */
  close(): void {
    this.#redis.disconnect();
  }
}
