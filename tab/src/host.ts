import { app, authentication, pages } from '@microsoft/teams-js';

/** The Teams host, through the teams-js namespaces the tab needs (esbuild drops the rest). */

export type Theme = 'default' | 'dark' | 'contrast';

export function themeOf(name: string | null | undefined): Theme {
  return name === 'dark' || name === 'contrast' ? name : 'default';
}

export interface TeamsHost {
  theme: Theme;
  locale: string;
  /** The deep link's sub-entity the tab was opened with ("pointage:K7M2QX" from a workshop's QR code). */
  subPageId: string;
}

function timeout(ms: number): { promise: Promise<never>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from a Teams host within ${ms} ms`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * Teams, or null when the page is not hosted by it. Opened top-level, `app.initialize()` rejects at once ("No
 * Parent window found"); inside a frame that is not Teams it never settles, hence our own time limit.
 */
export async function connectToTeams(limitMs = 2500): Promise<TeamsHost | null> {
  const limit = timeout(limitMs);
  try {
    await Promise.race([app.initialize(), limit.promise]);
    const context = await Promise.race([app.getContext(), limit.promise]);
    return {
      theme: themeOf(context.app.theme),
      locale: context.app.locale,
      subPageId: context.page.subPageId ?? '',
    };
  } catch {
    // Not hosted by Teams (or it did not answer in time): the tab runs as a plain page, with the local sign-in.
    return null;
  } finally {
    limit.cancel();
  }
}

export function onTeamsThemeChange(handler: (theme: Theme) => void): void {
  app.registerOnThemeChangeHandler((name) => handler(themeOf(name)));
}

/** Tells Teams the tab has drawn its first view (hides the host's loading indicator when the manifest asks for it). */
export function notifyTeamsReady(): void {
  // Only hides a loading indicator: if Teams did not hear it, the tab is drawn all the same.
  app.notifySuccess().catch(() => undefined);
}

/** The Teams SSO token for our API; Teams caches it, we only ask again after a 401. */
export function teamsCredentials() {
  let token: Promise<string> | undefined;
  const fetchToken = () => authentication.getAuthToken();
  return {
    async header() {
      token ??= fetchToken();
      try {
        return `Bearer ${await token}`;
      } catch (error) {
        token = undefined;
        throw error;
      }
    },
    async renew() {
      token = fetchToken();
      return `Bearer ${await token}`;
    },
  };
}

/**
 * The channel tab's configuration page: the tab has nothing to choose, so it is valid at once and saving
 * points the channel tab at the ranking.
 */
export function offerChannelTab(contentUrl: string, displayName: string): void {
  pages.config.registerOnSaveHandler((save) => {
    pages.config
      .setConfig({
        entityId: 'classement',
        contentUrl,
        websiteUrl: contentUrl,
        suggestedDisplayName: displayName,
      })
      .then(
        () => save.notifySuccess(),
        (error: Error) => save.notifyFailure(error.message),
      );
  });
  pages.config.setValidityState(true);
}
