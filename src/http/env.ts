import type { ActiveSession } from '../auth/sessions.service.ts';
import type { Deps } from '../deps.ts';

export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    clientIp: string;
    session: ActiveSession | undefined;
  };
}
