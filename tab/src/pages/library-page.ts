/**
 * The library page with its styles and words: one module (tab/build.mjs), loaded by the shell when an agent first
 * opens #bibliotheque. Agents who never open it never download it; those who do pay one request, once.
 */
import css from './library.css';

const style = document.createElement('style');
style.textContent = css;
document.head.append(style);

export { libraryView } from './library';
