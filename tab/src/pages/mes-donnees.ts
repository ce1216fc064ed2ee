import type { ApiClient } from '../api';
import { h } from '../dom';
import type { PageContext } from './page';

/**
 * "Mes données": what the app keeps about the reader, why and how long, and a button that downloads it all
 * (`GET /api/me/data`, fetched with the sign-in header and saved as a Blob: a plain link could not carry it).
 */
export function mesDonneesView(ctx: PageContext, api: Pick<ApiClient, 'download'>): Node[] {
  const { t } = ctx;
  const status = h('p', { role: 'status' });
  const save = async () => {
    status.textContent = '';
    try {
      const blob = await api.download('/api/me/data');
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: 'mes-donnees.json' });
      document.body.append(link);
      link.click();
      link.remove();
      // Give the browser time to start the download before the URL goes.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      status.textContent = t('myData.failed');
    }
  };
  return [
    h('p', null, t('myData.text')),
    h('p', null, t('myData.why')),
    h('p', null, t('myData.howLong')),
    h('p', null, t('myData.rights')),
    h(
      'p',
      null,
      h(
        'button',
        { type: 'button', class: 'button', onclick: () => void save() },
        t('myData.download'),
      ),
    ),
    status,
  ];
}
