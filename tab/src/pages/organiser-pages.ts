/**
 * The organisers' pages, one chunk loaded by the shell when an organiser first opens one of them: agents never
 * download this code (one request more for an organiser, once).
 */
import css from '../organiser.css';

// The pages' own styles come with them.
const style = document.createElement('style');
style.textContent = css;
document.head.append(style);

export { bilanView } from './bilan';
export { organisationView } from './organisation';
