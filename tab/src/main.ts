import css from './styles.css';
import { ApiClient, ApiError, REFRESH_MS, type Credentials, type Endpoint } from './api';
import { h } from './dom';
import { clockTime } from './format';
import {
  connectToTeams,
  notifyTeamsReady,
  offerChannelTab,
  onTeamsThemeChange,
  teamsCredentials,
  themeOf,
  type Theme,
} from './host';
import {
  addOrganiserMessages,
  langOf,
  translator,
  type Lang,
  type MessageKey,
  type Translate,
} from './i18n';
import { agendaView } from './pages/agenda';
import { classementView } from './pages/classement';
import { equipeView } from './pages/equipe';
import { mesDonneesView } from './pages/mes-donnees';
import type * as LibraryPageModule from './pages/library-page';
import type * as OrganiserPagesModule from './pages/organiser-pages';
import type { PageContext } from './pages/page';

/**
 * The tab's shell: finds out where it runs (Teams, or a browser in local demo mode), then shows one page at a
 * time (#classement, #equipe, #agenda, #bibliotheque; #organisation and #bilan for organisers), fetching only
 * that page's data and refreshing it at most once a minute.
 */

type PageId =
  | 'classement'
  | 'equipe'
  | 'agenda'
  | 'bibliotheque'
  | 'organisation'
  | 'bilan'
  | 'enseignements'
  | 'papier'
  | 'mes-donnees';

interface PageSpec {
  nav: MessageKey;
  title: MessageKey;
  /** Must answer for the page to show. */
  needs: Endpoint[];
  /** Nice to have: the page shows without it. */
  wants: Endpoint[];
  view(api: ApiClient, ctx: PageContext): Node[];
  /** Shown in the navigation to organisers only (the API refuses everyone else). */
  organiserOnly?: boolean;
  /** Loads the page's own code first (organisers' pages are chunks agents never download). */
  prepare?: () => Promise<void>;
  /** Reached by a link (the About page, the bot's "mes données" card), not from the navigation. */
  offNav?: boolean;
}

type OrganiserPages = typeof OrganiserPagesModule;
type LibraryPage = typeof LibraryPageModule;

/** The built address of the organisers' pages module, written in by tab/build.mjs. */
declare const __ORGANISER_PAGES__: string;
/** The built address of the library page's module, written in by tab/build.mjs. */
declare const __LIBRARY_PAGE__: string;

// The organisers' pages, a module of their own loaded on first visit (tab/build.mjs): agents never download it.
let organiserPages: OrganiserPages | undefined;
const loadOrganiserPages = async () => {
  if (organiserPages) return;
  organiserPages = (await import(
    /* a built file name, not a module esbuild should bundle */ __ORGANISER_PAGES__
  )) as OrganiserPages;
  addOrganiserMessages(organiserPages.messages);
};

// The library page, a module of its own too (its words and styles with it): only those who open it download it.
let libraryPage: LibraryPage | undefined;
const loadLibraryPage = async () => {
  libraryPage ??= (await import(
    /* a built file name, not a module esbuild should bundle */ __LIBRARY_PAGE__
  )) as LibraryPage;
};

const PAGES: Record<PageId, PageSpec> = {
  classement: {
    nav: 'nav.classement',
    title: 'ranking.title',
    needs: ['/api/leaderboard'],
    wants: [],
    view: (api, ctx) => classementView(api.cached('/api/leaderboard')!, ctx),
  },
  equipe: {
    nav: 'nav.equipe',
    title: 'team.title',
    needs: ['/api/my-team'],
    wants: ['/api/me'],
    view: (api, ctx) => equipeView(api.cached('/api/my-team')!, api.cached('/api/me'), ctx),
  },
  agenda: {
    nav: 'nav.agenda',
    title: 'agenda.title',
    needs: ['/api/agenda'],
    wants: ['/api/me'],
    view: (api, ctx) => agendaView(api.cached('/api/agenda')!, api.cached('/api/me'), ctx),
  },
  bibliotheque: {
    nav: 'nav.bibliotheque',
    title: 'library.title',
    needs: ['/api/library'],
    wants: [],
    view: (api, ctx) => libraryPage!.libraryView(api.cached('/api/library')!, ctx),
    prepare: loadLibraryPage,
  },
  organisation: {
    nav: 'nav.organisation',
    title: 'organisation.title',
    needs: ['/api/admin/overview'],
    wants: [],
    view: (api, ctx) => organiserPages!.organisationView(api.cached('/api/admin/overview')!, ctx),
    organiserOnly: true,
    prepare: loadOrganiserPages,
  },
  bilan: {
    nav: 'nav.bilan',
    title: 'bilan.title',
    needs: ['/api/admin/report'],
    wants: [],
    view: (api, ctx) => organiserPages!.bilanView(api.cached('/api/admin/report')!, ctx, api),
    organiserOnly: true,
    prepare: loadOrganiserPages,
  },
  enseignements: {
    nav: 'nav.enseignements',
    title: 'enseignements.title',
    needs: ['/api/admin/insights'],
    wants: [],
    view: (api, ctx) =>
      organiserPages!.enseignementsView(api.cached('/api/admin/insights')!, ctx, api),
    organiserOnly: true,
    prepare: loadOrganiserPages,
  },
  papier: {
    nav: 'nav.papier',
    title: 'papier.title',
    needs: ['/api/admin/paper'],
    wants: [],
    view: (api, ctx) => organiserPages!.papierView(api.cached('/api/admin/paper')!, ctx, api),
    organiserOnly: true,
    prepare: loadOrganiserPages,
  },
  'mes-donnees': {
    nav: 'nav.mesDonnees',
    title: 'myData.title',
    // The reader's details: the page shows once the sign-in is known to work, the export is fetched on a click.
    needs: ['/api/me'],
    wants: [],
    view: (api, ctx) => mesDonneesView(ctx, api),
    offNav: true,
  },
};
const PAGE_IDS = Object.keys(PAGES) as PageId[];

/** Local demo: the agent of the demo's first team unless `?agent=` says otherwise. */
const DEMO_AGENT = 'demo-agent-1-1';
/** The static tab's entity id in the app manifest, for the "open in Teams" deep link. */
const TEAMS_ENTITY_ID = 'classement';

/** A page setting the server wrote into index.html; empty when the placeholder was not replaced. */
function setting(name: string): string {
  const value = document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
  return /^__\w+__$/.test(value) ? '' : value.trim();
}

function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

function routeOf(hash: string): PageId | null {
  const id = hash.replace(/^#\/?/, '');
  return (PAGE_IDS as string[]).includes(id) ? (id as PageId) : null;
}

class Shell {
  private page: PageId = 'classement';
  private generation = 0;
  private rendered: unknown[] = [];
  private cleanups: (() => void)[] = [];
  private readonly ui: PageContext['ui'];
  private readonly t: Translate;
  private readonly nav = new Map<PageId, HTMLAnchorElement>();
  private readonly subtitle = h('span');
  private readonly heading = h('h1', { id: 'page-title', tabindex: -1 });
  private readonly alert = h('div', { role: 'status' });
  private readonly content = h('div', { class: 'page' });
  private readonly updated = h('p', { class: 'updated' });
  private stopped = false;
  /** Pages whose code is loaded (all but the organisers' pages from the start). */
  private readonly prepared = new Set<PageId>(PAGE_IDS.filter((id) => !PAGES[id].prepare));
  /** Navigation items shown once /api/me says the reader is an organiser. */
  private readonly organiserItems: HTMLElement[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly lang: Lang,
    private readonly demoAgent: string | null,
    checkinCode: string,
  ) {
    this.t = translator(lang);
    this.ui = { rulesOpen: false, checkinCode, checkinFromLink: checkinCode !== '', outcome: null };
  }

  start(): void {
    const { t } = this;
    const links = PAGE_IDS.filter((id) => !PAGES[id].offNav).map((id) => {
      const link = h('a', { href: `#${id}` }, t(PAGES[id].nav));
      // Links answer Enter; Space too, as the tab bar of a Teams app does.
      link.addEventListener('keydown', (event) => {
        if (event.key === ' ') {
          event.preventDefault();
          link.click();
        }
      });
      this.nav.set(id, link);
      const item = h('li', null, link);
      if (PAGES[id].organiserOnly) {
        item.hidden = true;
        this.organiserItems.push(item);
      }
      return item;
    });
    const skip = h('a', { class: 'skip', href: '#page-title' }, t('skip'));
    skip.addEventListener('click', (event) => {
      event.preventDefault();
      this.heading.focus();
    });
    document.body.replaceChildren(
      skip,
      h(
        'header',
        null,
        h(
          'div',
          { class: 'top' },
          h('p', { class: 'brand' }, h('strong', null, t('app.name')), this.subtitle),
          this.demoAgent ? h('p', { class: 'demo' }, this.demoBanner(this.demoAgent)) : null,
          h('nav', { 'aria-label': t('nav.label') }, h('ul', null, links)),
        ),
      ),
      h('main', { id: 'main' }, this.heading, this.alert, this.content, this.updated),
    );
    window.addEventListener(
      'hashchange',
      () => void this.show(routeOf(location.hash) ?? 'classement', true),
    );
    // At most once a minute, and only while someone can see the tab.
    setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, REFRESH_MS);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.refresh();
    });
    window.addEventListener('focus', () => void this.refresh());
    void this.show(routeOf(location.hash) ?? 'classement', false);
  }

  /**
   * Organisers see their pages in the navigation; for everyone else they stay hidden (and the API says 403). What
   * the reader is comes with the ranking or their own details, whichever page loaded: no request of its own.
   */
  private showOrganiserPages(): void {
    const organiser =
      this.api.cached('/api/me')?.organiser ??
      this.api.cached('/api/leaderboard')?.organiser ??
      // An organisers' page whose data came: only organisers get it.
      (PAGE_IDS.some(
        (id) => PAGES[id].organiserOnly && PAGES[id].needs.every((e) => this.api.cached(e)),
      ) ||
        undefined);
    if (organiser === undefined) return;
    for (const item of this.organiserItems) item.hidden = !organiser;
  }

  private demoBanner(agent: string): Node[] {
    const [before = '', after = ''] = this.t('demo.banner').split('{agent}');
    return [
      document.createTextNode(before),
      h('span', { class: 'nowrap' }, agent),
      document.createTextNode(after),
    ];
  }

  /** Shows a page: at once from what we already have, then with the server's answer. */
  async show(page: PageId, focus: boolean, force = false): Promise<void> {
    const { t } = this;
    this.page = page;
    const spec = PAGES[page];
    for (const [id, link] of this.nav) {
      if (id === page) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    document.title = `${t(spec.title)} — ${t('app.name')}`;
    this.heading.textContent = t(spec.title);
    this.alert.replaceChildren();
    if (this.prepared.has(page) && spec.needs.every((e) => this.api.cached(e) !== undefined))
      this.render();
    else {
      this.replace([h('p', { 'aria-busy': 'true' }, t('loading'))], []);
      this.updated.textContent = '';
    }
    if (focus) this.heading.focus();
    await this.load(force);
  }

  /** Revalidates the visible page's data when it is a minute old. */
  async refresh(): Promise<void> {
    const spec = PAGES[this.page];
    if (this.stopped || ![...spec.needs, ...spec.wants].some((e) => this.api.stale(e))) return;
    await this.load(false);
  }

  private async load(force: boolean): Promise<void> {
    const generation = ++this.generation;
    const spec = PAGES[this.page];
    try {
      const page = this.page;
      await Promise.all([
        spec.prepare?.().then(
          () => void this.prepared.add(page),
          (error: unknown) => {
            throw new ApiError('network', `the code of #${page} did not load`, { cause: error });
          },
        ),
        ...spec.needs.map((e) => this.api.get(e, { force })),
        // What a page only wants (the reader's own details) may fail: the page is drawn without it.
        ...spec.wants.map((e) => this.api.get(e, { force }).catch(() => undefined)),
      ]);
      if (generation !== this.generation) return;
      this.alert.replaceChildren();
      if (this.dataOf(this.page).some((data, i) => data !== this.rendered[i])) this.render();
      const confirmed = Math.min(...spec.needs.map((e) => this.api.confirmedAt(e) ?? Date.now()));
      this.updated.textContent = this.t('updated', { time: clockTime(confirmed, this.lang) });
    } catch (error) {
      if (generation !== this.generation) return;
      this.failed(error);
    }
  }

  private dataOf(page: PageId): unknown[] {
    const spec = PAGES[page];
    return [...spec.needs, ...spec.wants].map((e) => this.api.cached(e));
  }

  private render(): void {
    const { t, lang, ui } = this;
    const board = this.api.cached('/api/leaderboard') ?? this.api.cached('/api/me');
    if (board) this.subtitle.textContent = board.challenge.title;
    this.showOrganiserPages();
    const attached: (() => void)[] = [];
    const cleanups: (() => void)[] = [];
    const ctx: PageContext = {
      t,
      lang,
      ui,
      cleanup: (fn) => cleanups.push(fn),
      attached: (fn) => attached.push(fn),
      act: async (method, path, body, describe) => {
        let outcome: { text: string; ok: boolean };
        try {
          outcome = describe(await this.api.act(method, path, body));
        } catch (error) {
          if (
            error instanceof ApiError &&
            (error.kind === 'unauthorized' || error.kind === 'signIn')
          ) {
            this.failed(error);
            return;
          }
          outcome = {
            text: t(
              error instanceof ApiError && error.kind === 'network'
                ? 'error.network'
                : 'error.server',
            ),
            ok: false,
          };
        }
        ui.outcome = { ...outcome, focus: true };
        await this.show(this.page, false, true);
      },
      read: (path) => this.api.act('GET', path),
      redraw: () => this.render(),
    };
    const nodes = PAGES[this.page].view(this.api, ctx);
    this.replace(nodes, cleanups);
    this.rendered = this.dataOf(this.page);
    for (const fn of attached) fn();
  }

  /** Swaps the page's content, keeping the reader's focus on the same control when it is still there. */
  private replace(nodes: Node[], cleanups: (() => void)[]): void {
    for (const fn of this.cleanups) fn();
    this.cleanups = cleanups;
    const active = document.activeElement;
    const focusedId =
      active instanceof HTMLElement && this.content.contains(active) ? active.id : '';
    this.content.replaceChildren(...nodes);
    this.rendered = [];
    if (focusedId) document.getElementById(focusedId)?.focus();
  }

  private failed(error: unknown): void {
    const { t } = this;
    const kind = error instanceof ApiError ? error.kind : 'server';
    const button = (label: MessageKey, action: () => void) => {
      const b = h('button', { type: 'button', class: 'button' }, t(label));
      b.addEventListener('click', action);
      return b;
    };
    if (kind === 'unauthorized' || kind === 'signIn') {
      // Asking again every minute would not help: only a reload brings a new session.
      this.stopped = true;
      this.replace(
        [
          h(
            'div',
            { class: 'notice' },
            kind === 'unauthorized' ? h('h2', null, t('error.unauthorized.title')) : null,
            h('p', null, t(kind === 'unauthorized' ? 'error.unauthorized' : 'error.signIn')),
            h(
              'p',
              null,
              button('reload', () => location.reload()),
            ),
          ),
        ],
        [],
      );
      this.updated.textContent = '';
      return;
    }
    if (kind === 'forbidden') {
      this.replace([h('div', { class: 'notice' }, h('p', null, t('error.forbidden')))], []);
      this.updated.textContent = '';
      return;
    }
    const message = h('p', null, t(kind === 'network' ? 'error.network' : 'error.server'));
    const retry = button('retry', () => void this.show(this.page, false, true));
    if (PAGES[this.page].needs.every((e) => this.api.cached(e) !== undefined)) {
      // We still have the last version: keep it on screen, say it may be old.
      this.alert.replaceChildren(h('div', { class: 'notice' }, message, h('p', null, retry)));
    } else {
      this.replace([h('div', { class: 'notice' }, message, h('p', null, retry))], []);
      this.updated.textContent = '';
    }
  }
}

/** Outside Teams with Teams sign-in: say where the tab lives instead of showing an empty page. */
function renderOutsideTeams(t: Translate): void {
  const appId = setting('defi-teams-app-id');
  const href = appId
    ? `https://teams.microsoft.com/l/entity/${encodeURIComponent(appId)}/${TEAMS_ENTITY_ID}`
    : 'https://teams.microsoft.com';
  document.title = `${t('outside.title')} — ${t('app.name')}`;
  document.body.replaceChildren(
    h(
      'header',
      null,
      h('div', { class: 'top' }, h('p', { class: 'brand' }, h('strong', null, t('app.name')))),
    ),
    h(
      'main',
      { id: 'main' },
      h('h1', null, t('outside.title')),
      h('p', null, t('outside.text')),
      h('p', null, h('a', { class: 'button', href }, t('outside.link'))),
    ),
  );
}

/** Pages that need no data: the channel tab's configuration, and the about / privacy / terms the manifest links to. */
const INFO_PAGES = { about: 'info.about', privacy: 'info.privacy', terms: 'info.terms' } as const;

function renderStaticPage(t: Translate, route: string, teams: boolean): boolean {
  let title: string;
  let paragraphs: string[];
  if (route === 'configurer') {
    title = t('config.title');
    paragraphs = [t('config.text'), t('config.save')];
    if (teams) offerChannelTab(`${location.origin}${location.pathname}#classement`, t('app.name'));
  } else if (route in INFO_PAGES) {
    const key = INFO_PAGES[route as keyof typeof INFO_PAGES];
    title = t(`${key}.title`);
    paragraphs = [t(`${key}.text`)];
  } else {
    return false;
  }
  document.title = `${title} — ${t('app.name')}`;
  document.body.replaceChildren(
    h(
      'header',
      null,
      h('div', { class: 'top' }, h('p', { class: 'brand' }, h('strong', null, t('app.name')))),
    ),
    h(
      'main',
      { id: 'main' },
      h('h1', null, title),
      ...paragraphs.map((text) => h('p', null, text)),
      route === 'about' ? accessibilityLink(t) : null,
      route === 'about'
        ? h('p', null, h('a', { href: '#mes-donnees' }, t('info.about.myData')))
        : null,
    ),
  );
  // A link to a page of the tab (Mes données) starts the tab itself, with its sign-in.
  window.addEventListener('hashchange', () => location.reload(), { once: true });
  return true;
}

/**
 * The About page's link to the accessibility statement, which says the conformance status as the law asks. The
 * statement is a static page beside the tab (tab/accessibilite.html, accessibility.html), shown in this theme.
 */
function accessibilityLink(t: Translate): HTMLElement {
  const theme = document.documentElement.dataset.theme ?? 'default';
  const href = `${t('info.about.a11y.page')}?theme=${encodeURIComponent(theme)}`;
  return h('p', null, h('a', { href }, t('info.about.a11y')));
}

function devCredentials(agentId: string): Credentials {
  return { header: async () => `Dev ${agentId}`, renew: async () => null };
}

async function main(): Promise<void> {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);

  const params = new URLSearchParams(location.search);
  const signIn = setting('defi-sign-in') === 'dev' ? 'dev' : 'sso';
  const teams = await connectToTeams();
  // Outside Teams, ?theme= and ?lang= let demos and tests show every theme and language.
  const lang = langOf(teams ? teams.locale : params.get('lang'));
  applyTheme(teams ? teams.theme : themeOf(params.get('theme')));
  document.documentElement.lang = lang;
  const t = translator(lang);

  if (renderStaticPage(t, location.hash.replace(/^#\/?/, ''), teams !== null)) {
    if (teams) notifyTeamsReady();
    return;
  }
  if (!teams && signIn === 'sso') {
    renderOutsideTeams(t);
    return;
  }
  let credentials: Credentials;
  let demoAgent: string | null = null;
  if (teams && signIn === 'sso') {
    credentials = teamsCredentials();
  } else {
    const asked = params.get('agent') ?? '';
    demoAgent = /^[A-Za-z0-9._:@-]{1,100}$/.test(asked) ? asked : DEMO_AGENT;
    credentials = devCredentials(demoAgent);
  }
  // A workshop's QR code opens the tab with "pointage:CODE" (Teams deep link), or ?pointage=CODE outside Teams.
  const linked =
    (teams
      ? /^pointage:(\w{6})$/.exec(teams.subPageId)?.[1]
      : /^\w{6}$/.exec(params.get('pointage') ?? '')?.[0]) ?? '';
  // It opens on the agenda, where the check-in is offered (the tab's address in Teams says #classement).
  if (linked) history.replaceState(null, '', `${location.pathname}${location.search}#agenda`);
  new Shell(
    new ApiClient(credentials),
    lang,
    teams ? null : demoAgent,
    linked.toUpperCase(),
  ).start();
  if (teams) {
    onTeamsThemeChange(applyTheme);
    notifyTeamsReady();
  }
}

void main();
