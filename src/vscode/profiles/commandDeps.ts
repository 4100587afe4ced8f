// What the "Profiles and tokens" commands work with, passed to each handler explicitly.
import type { JwtInspector } from '../jwtInspector';
import type { Log } from '../log';
import type { PermissionWatch } from '../permissionWatch';
import type { ProfilesModel } from '../profilesModel';

export interface CommandDeps {
  readonly model: ProfilesModel;
  readonly log: Log;
  readonly inspector: JwtInspector;
  /** Absent in tests that do not watch permissions. */
  readonly watch?: PermissionWatch;
}
