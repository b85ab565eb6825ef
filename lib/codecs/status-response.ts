/**
 * The auth host's answer to `update/`, `reset_password/` and `delete/`.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';

/** Wire shape: `{ "status": "success" }`; any other status is a decode failure. */
export const StatusResponse = t.type(
  {
    /** Always `success`: the auth host answers a failure with an HTTP error status. */
    status: t.literal('success'),
  },
  'StatusResponse',
);
export type StatusResponse = t.TypeOf<typeof StatusResponse>;
