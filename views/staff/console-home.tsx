import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';

const intro: Record<ShellUser['role'], { heading: string; text: string }> = {
  admin: {
    heading: 'Dashboard',
    text: 'Chats by status, lead stages and live agent presence will appear here.',
  },
  manager: {
    heading: 'Dashboard',
    text: 'Your team’s chats, lead stages and agent presence will appear here.',
  },
  agent: { heading: 'Inbox', text: 'Your active, offline and waiting chats will appear here.' },
  qa: { heading: 'Live review', text: 'Every chat, read-only, with scorecards, will appear here.' },
};

export function ConsoleHome({ user, currentPath }: { user: ShellUser; currentPath: string }) {
  const { heading, text } = intro[user.role];
  return (
    <AppShell title={heading} user={user} currentPath={currentPath}>
      <div class="page-header">
        <h1>{heading}</h1>
      </div>
      <section class="card empty-state" aria-label={heading}>
        <p>{text}</p>
      </section>
    </AppShell>
  );
}
