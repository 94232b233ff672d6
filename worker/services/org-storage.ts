import type { ObjectStore, StoredObject } from './object-store';
import type { Presigner, PresignMethod } from './presign';
import { keyInOrg } from './storage-keys';

/**
 * One organisation's view of the audio bucket: the object store and the presigner, refusing
 * any key outside `{org}/…`. Routes and jobs reach an organisation's audio only through this,
 * so a key that came from anywhere but the organisation's own namespace is never signed, read,
 * copied or deleted, whoever derived it.
 */
export interface OrgStorage {
  readonly org: string;
  head(key: string): Promise<StoredObject | null>;
  put(
    key: string,
    body: Uint8Array | ReadableStream<Uint8Array>,
    options: { contentType: string; size: number },
  ): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /** Copies `from` to `to` (both the organisation's); the copy, or null when `from` is missing. */
  copy(from: string, to: string): Promise<StoredObject | null>;
  /** The first `length` bytes of the object (fewer when it is shorter), or null when missing. */
  readStart(key: string, length: number): Promise<Uint8Array | null>;
  url(
    method: PresignMethod,
    key: string,
    expiresInSeconds: number,
    options?: { maxBytes?: number },
  ): Promise<string>;
}

/** A key outside the organisation reached storage code: a bug, never something to act on. */
export class ForeignStorageKey extends Error {
  override name = 'ForeignStorageKey';
  constructor(org: string) {
    // The key itself stays out of the message (logs): it names another organisation.
    super(`refused a storage key outside organisation ${org}`);
  }
}

/** `storage` as `org` may use it. */
export function orgStorage(
  storage: { objects: ObjectStore; presigner: Presigner },
  org: string,
): OrgStorage {
  const own = (key: string): string => {
    if (!keyInOrg(key, org)) throw new ForeignStorageKey(org);
    return key;
  };
  const { objects, presigner } = storage;
  return {
    org,
    head: (key) => objects.head(own(key)),
    put: (key, body, options) => objects.put(own(key), body, options),
    delete: (keys) => objects.delete(keys.map(own)),
    copy: (from, to) => objects.copy(own(from), own(to)),
    readStart: (key, length) => objects.readStart(own(key), length),
    url: (method, key, expiresInSeconds, options) =>
      presigner.url(method, own(key), expiresInSeconds, options),
  };
}
