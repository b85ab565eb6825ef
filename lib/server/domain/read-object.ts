/**
 * Reading one object, at its current version or at an older one, as `GET {bucket}/i/{id}[/v/{n}]`
 * answers it and as the socket's `e` command sends it. A deleted object has no readable version;
 * the target of a share reads the versions from the one current when the share was made.
 */
import type { Storage } from '../storage';
import { mayReadVersion, type Access } from './access';

/** What a read finds: the object's data (JSON text as stored) at a version, or why there is none. */
export type ObjectReading =
  | { readonly kind: 'found'; readonly version: number; readonly dataText: string }
  /** The object does not exist or is deleted. */
  | { readonly kind: 'missing' }
  /** The object exists, but not at that version (or not at one the reader may read). */
  | { readonly kind: 'no-version' };

/** The object's data at `version` (the current version when absent). */
export const readObject = (
  storage: Storage,
  access: Access,
  version: number | undefined,
): ObjectReading => {
  const { objects } = storage;
  const head = objects.headText(access.ref);
  if (head === undefined || head.dataText === null) return { kind: 'missing' };
  if (version === undefined) {
    return { kind: 'found', version: head.version, dataText: head.dataText };
  }
  const stored = mayReadVersion(access, version)
    ? objects.versionText(access.ref, version)
    : undefined;
  return stored === undefined
    ? { kind: 'no-version' }
    : { kind: 'found', version, dataText: stored };
};
