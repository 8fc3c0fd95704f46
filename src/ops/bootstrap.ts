import { hashPassword } from '../auth/passwords.ts';
import { countUsers, insertUser } from '../auth/users.queries.ts';
import { DEV_ADMIN_PASSWORD } from '../config.ts';
import type { Deps } from '../deps.ts';
import { countProjects, insertProject } from '../projects/projects.queries.ts';
import { toIso } from '../shared/clock.ts';

/**
 * First start on an empty database: the bootstrap admin from ADMIN_EMAIL / ADMIN_PASSWORD and a
 * demo project (slug `default`). Later starts change nothing.
 */
export async function bootstrap(deps: Deps): Promise<{ createdAdmin: boolean; createdProject: boolean }> {
  const now = toIso(deps.clock.now());
  let createdAdmin = false;
  let createdProject = false;
  if ((await countUsers(deps.db)) === 0) {
    await insertUser(deps.db, {
      id: deps.ids.next(),
      email: deps.config.adminEmail,
      displayName: 'Administrator',
      passwordHash: await hashPassword(deps.config.adminPassword),
      role: 'admin',
      liveChatEnabled: false,
      crmEnabled: true,
      now,
    });
    createdAdmin = true;
    // Runs on the first start only (the database had no staff). A password the operator chose
    // (ADMIN_PASSWORD) is theirs and never reaches a log; only the public development default is
    // named, so a trial user knows how to sign in.
    const devDefault = deps.config.adminPassword === DEV_ADMIN_PASSWORD;
    deps.log.info('bootstrap.admin_created', {
      email: deps.config.adminEmail,
      ...(devDefault
        ? { password: DEV_ADMIN_PASSWORD, note: 'development default; change it after signing in' }
        : { password: 'from ADMIN_PASSWORD (not logged)' }),
    });
  }
  if ((await countProjects(deps.db)) === 0) {
    await insertProject(deps.db, {
      id: deps.ids.next(),
      slug: 'default',
      name: 'Demo project',
      title: 'Talk to our team',
      subtitle: 'We usually reply in a few minutes.',
      welcomeHeading: 'Hi there!',
      welcomeMessage: 'Tell us a little about yourself and we will connect you with a specialist.',
      formHeading: 'Start a chat',
      formDescription: 'Leave your details so we can follow up if the chat is interrupted.',
      isDefault: true,
      now,
    });
    createdProject = true;
    deps.log.info('bootstrap.demo_project_created', { slug: 'default' });
  }
  return { createdAdmin, createdProject };
}
