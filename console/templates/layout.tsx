/** The frame of every page: skip link, the navigation (when signed in), the main content. */
import type { ComponentChildren } from 'preact';
import type { Role } from '../../common/phases';
import type { Viewer } from '../context';

export type NavItem = 'my-work' | 'cases' | 'new-case' | 'people' | SuperviseNavItem;
export type SuperviseNavItem = 'dashboard' | 'board' | 'team' | 'definitions' | 'reports';

export interface PageProps {
  title: string;
  viewer?: Viewer;
  /** The anti-forgery token for the sign-out form. */
  csrfToken?: string;
  current?: NavItem;
  /** A page's own script and style beyond the console's, served from /app/static. */
  scripts?: string[];
  styles?: string[];
  children: ComponentChildren;
}

const NAV: Array<{ item: NavItem; href: string; label: string; adminOnly?: boolean; roles?: readonly Role[] }> = [
  { item: 'my-work', href: '/app/my-work', label: 'My work' },
  { item: 'cases', href: '/app/cases', label: 'Cases' },
  { item: 'new-case', href: '/app/cases/new', label: 'New case' },
  { item: 'people', href: '/app/people', label: 'People', adminOnly: true },
  { item: 'dashboard', href: '/app/dashboard', label: 'Dashboard', roles: ['viewer', 'case_manager', 'supervisor'] },
  { item: 'board', href: '/app/board', label: 'Board', roles: ['viewer', 'case_manager', 'supervisor'] },
  { item: 'team', href: '/app/team', label: 'Team', roles: ['supervisor'] },
  { item: 'definitions', href: '/app/definitions', label: 'Definitions', roles: ['designer'] },
  { item: 'reports', href: '/app/reports', label: 'Reports', roles: ['viewer', 'case_manager', 'supervisor'] },
];
/** Whether the nav shows an item to the viewer: admins see all, others the items of their roles. */
const shows = (n: (typeof NAV)[number], roles: readonly Role[]) => roles.includes('admin') || (!n.adminOnly && (!n.roles || n.roles.some((r) => roles.includes(r))));

export function Page({ title, viewer, csrfToken, current, scripts = [], styles = [], children }: PageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"historyCacheSize":0}' />
        <title>{`${title} · Casework`}</title>
        <link rel="stylesheet" href="/app/static/console.css" />
        <script src="/app/static/htmx.min.js" defer></script>
        <script src="/app/static/console.js" defer></script>
        {styles.map((href) => <link rel="stylesheet" href={href} />)}
        <link rel="stylesheet" href="/app/static/supervise.css" />
        {scripts.map((src) => <script src={src} defer></script>)}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <header class="site-header">
          <span class="brand">Casework</span>
          {viewer && (
            <nav aria-label="Main">
              <ul class="nav-links">
                {NAV.filter((n) => shows(n, viewer.user.roles)).map((n) => (
                  <li>
                    <a href={n.href} aria-current={n.item === current ? 'page' : undefined}>
                      {n.label}
                    </a>
                  </li>
                ))}
              </ul>
              <div class="who">
                <span class="who-name">{viewer.user.name}</span>
                <form method="post" action="/app/sign-out">
                  <input type="hidden" name="_csrf" value={csrfToken} />
                  <button type="submit" class="link-button">
                    Sign out
                  </button>
                </form>
              </div>
            </nav>
          )}
        </header>
        <main id="main" tabindex={-1}>
          <h1>{title}</h1>
          {children}
        </main>
        {viewer && (
          <footer class="site-footer">
            <p>Times are shown in {viewer.timeZone}.</p>
          </footer>
        )}
      </body>
    </html>
  );
}
